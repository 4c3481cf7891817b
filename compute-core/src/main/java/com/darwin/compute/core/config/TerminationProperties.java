package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Auto-termination: a sweep every {@code sweepInterval} stops running clusters idle for their
 * {@code inactive_time} minutes. {@code inactive_time} must be at least {@code minInactiveMinutes},
 * or -1 (never).
 */
@ConfigurationProperties("compute.termination")
public record TerminationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60s") Duration sweepInterval,
    @DefaultValue("5") int minInactiveMinutes,
    @DefaultValue("720") int jobClusterInactiveTime) {

  /**
   * Refused at start-up: a job cluster's idle time below the smallest allowed would make every job
   * cluster's create a 400 about a field its client never sent.
   */
  public TerminationProperties {
    if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException(
          "compute.termination.sweep-interval must be positive, not " + sweepInterval);
    }
    if (minInactiveMinutes < 0) {
      throw new IllegalArgumentException(
          "compute.termination.min-inactive-minutes must be 0 or more, not " + minInactiveMinutes);
    }
    if (jobClusterInactiveTime != -1 && jobClusterInactiveTime < minInactiveMinutes) {
      throw new IllegalArgumentException(
          "compute.termination.job-cluster-inactive-time must be -1 or at least"
              + " compute.termination.min-inactive-minutes ("
              + minInactiveMinutes
              + "), not "
              + jobClusterInactiveTime);
    }
  }
}
