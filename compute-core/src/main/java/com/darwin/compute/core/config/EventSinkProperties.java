package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forwarding of cluster events to an external event service (Chronos: {@code POST
 * {url}/api/v1/event}). Off while {@code url} is unset.
 *
 * @param maxAge how late an event may still be sent: one recorded longer ago and not delivered yet
 *     (the service refused it, was down, or forwarding was off when it happened) is given up, so a
 *     refused event is not retried for ever and turning forwarding on does not replay the whole
 *     history to the event service
 */
@ConfigurationProperties("compute.events.sink")
public record EventSinkProperties(
    String url,
    @DefaultValue("compute") String source,
    @DefaultValue("2s") Duration timeout,
    @DefaultValue("100") int batchSize,
    @DefaultValue("1s") Duration interval,
    @DefaultValue("1s") Duration retryInitialBackoff,
    @DefaultValue("5m") Duration retryMaxBackoff,
    @DefaultValue("1d") Duration maxAge) {

  public EventSinkProperties {
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException(
          "compute.events.sink.max-age must be positive, was " + maxAge);
    }
  }

  public boolean enabled() {
    return url != null && !url.isBlank();
  }
}
