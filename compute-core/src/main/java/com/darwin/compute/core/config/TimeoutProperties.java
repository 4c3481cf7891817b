package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Automatic handling of stuck and dead clusters: a cluster not active within {@code creation} of
 * its start is stopped; one dead (head and workers gone) for {@code dead} is stopped and its
 * Kubernetes objects removed. A {@code creation} of 0 or less would stop every cluster before it
 * came up, and stops the start instead; so does a {@code sweepInterval} of 0 or less.
 */
@ConfigurationProperties("compute.timeouts")
public record TimeoutProperties(
    @DefaultValue("40m") Duration creation,
    @DefaultValue("30m") Duration dead,
    @DefaultValue("1m") Duration sweepInterval) {

  public TimeoutProperties {
    SettingChecks.positive("compute.timeouts.creation", creation);
    SettingChecks.positive("compute.timeouts.sweep-interval", sweepInterval);
  }
}
