package com.darwin.compute.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts beyond auto-termination: a cluster running longer than {@code longRunningAfter}, and one
 * whose current run has cost more than {@code costThreshold} USD. The same cluster and reason is
 * alerted at most once per {@code dedupeWindow}. An alert raised once that Slack did not take is
 * sent again every {@code retryInterval} until Slack takes it or it is {@code retryFor} old.
 */
@ConfigurationProperties("compute.alerts")
public record AlertProperties(
    @DefaultValue("12h") Duration longRunningAfter,
    @DefaultValue("100") BigDecimal costThreshold,
    @DefaultValue("6h") Duration dedupeWindow,
    @DefaultValue("1m") Duration retryInterval,
    @DefaultValue("24h") Duration retryFor) {

  public AlertProperties {
    // 0 holds no alert back; a negative window would be refused, unnamed, by the cache of the
    // alerts posted here.
    if (dedupeWindow != null && dedupeWindow.isNegative()) {
      throw new IllegalArgumentException(
          "compute.alerts.dedupe-window must be 0 or more, not " + dedupeWindow);
    }
    SettingChecks.positive("compute.alerts.retry-interval", retryInterval);
  }
}
