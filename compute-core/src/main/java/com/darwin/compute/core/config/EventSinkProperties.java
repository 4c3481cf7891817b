package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forwarding of cluster events to an external event service (Chronos: {@code POST
 * {url}/api/v1/event}). Off while {@code url} is unset.
 */
@ConfigurationProperties("compute.events.sink")
public record EventSinkProperties(
    String url,
    @DefaultValue("compute") String source,
    @DefaultValue("2s") Duration timeout,
    @DefaultValue("100") int batchSize,
    @DefaultValue("1s") Duration interval,
    @DefaultValue("1s") Duration retryInitialBackoff,
    @DefaultValue("5m") Duration retryMaxBackoff) {

  public boolean enabled() {
    return url != null && !url.isBlank();
  }
}
