package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gauges read from MySQL (clusters per status, search outbox backlog) are refreshed every {@code
 * refreshInterval} on every replica, not on each scrape: a scrape never waits for the database.
 */
@ConfigurationProperties("compute.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration refreshInterval) {

  public MetricsProperties {
    SettingChecks.positive("compute.metrics.refresh-interval", refreshInterval);
  }
}
