package com.darwin.compute.core.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a cluster request may ask for. Bounds are inclusive. The defaults are the Python service's
 * ({@code 1 <= cores < 90}, {@code 1 <= memory < 736} GB). A least value above its largest stops
 * the start: every request would be refused, for a field its sender cannot get right.
 */
@ConfigurationProperties("compute.limits")
public record ClusterLimitsProperties(
    @DefaultValue("1") int minCores,
    @DefaultValue("89") int maxCores,
    @DefaultValue("1") int minMemoryGb,
    @DefaultValue("735") int maxMemoryGb,
    @DefaultValue("10") int maxWorkerGroups,
    @DefaultValue("100") int maxPodsPerGroup,
    @DefaultValue("25") int maxLabelLength,
    @DefaultValue("50") int maxLabels,
    @DefaultValue("20") int maxTags) {

  public ClusterLimitsProperties {
    if (minCores > maxCores) {
      throw new IllegalArgumentException(
          "compute.limits.min-cores must be at most compute.limits.max-cores ("
              + maxCores
              + "), not "
              + minCores);
    }
    if (minMemoryGb > maxMemoryGb) {
      throw new IllegalArgumentException(
          "compute.limits.min-memory-gb must be at most compute.limits.max-memory-gb ("
              + maxMemoryGb
              + "), not "
              + minMemoryGb);
    }
  }
}
