package com.darwin.compute.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forwarding of cluster events to an external event service (Chronos: {@code POST
 * {url}/api/v1/event}). Off while {@code url} is unset; set, it must be an absolute http or https
 * URL (the path is added to it), or the start stops: to anything else no event could be sent, and
 * each waited, as for a service that is down, until it was given up.
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
    if (url != null && !url.isBlank() && !isHttpBase(url)) {
      throw new IllegalArgumentException(
          "compute.events.sink.url must be an absolute http or https URL without query or"
              + " fragment (events go to {url}/api/v1/event), not "
              + url);
    }
    SettingChecks.positive("compute.events.sink.timeout", timeout);
    SettingChecks.positive("compute.events.sink.interval", interval);
    SettingChecks.atLeastOne("compute.events.sink.batch-size", batchSize);
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException(
          "compute.events.sink.max-age must be positive, was " + maxAge);
    }
  }

  /** What the HTTP client can send to, with a path added: a host, and no query or fragment. */
  private static boolean isHttpBase(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  public boolean enabled() {
    return url != null && !url.isBlank();
  }
}
