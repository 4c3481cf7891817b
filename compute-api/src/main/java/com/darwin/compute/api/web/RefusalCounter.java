package com.darwin.compute.api.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts refused requests ({@code compute.access.refused}, tagged with why: unauthenticated,
 * cluster, grant, owner, admin, limit, rate), so an operator sees probing and misconfiguration.
 */
@Component
public class RefusalCounter {

  private final MeterRegistry registry;

  public RefusalCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  public void refused(String reason) {
    registry.counter("compute.access.refused", "reason", reason).increment();
  }
}
