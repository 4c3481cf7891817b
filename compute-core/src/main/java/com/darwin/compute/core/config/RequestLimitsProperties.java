package com.darwin.compute.core.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on one request beyond the per-field node limits of {@link ClusterLimitsProperties}: what a
 * single request may start, the ranges of durations, and the sizes of what is rendered from it. The
 * size defaults keep every object well below what Kubernetes accepts (a ConfigMap holds at most 1
 * MiB, etcd stores at most 1.5 MiB per object), so the API server never refuses what was accepted
 * here.
 *
 * @param maxInactiveMinutes largest {@code inactive_time} (besides -1, never)
 * @param maxExpiryMinutes largest {@code JupyterLabActivity} {@code expiry_time}
 * @param maxPodsPerCluster head plus every worker group at {@code max_pods}
 * @param maxCoresPerCluster cores of the head plus every worker group at {@code max_pods}
 * @param maxEnvironmentVariables the whole {@code advance_config.environment_variables} text
 * @param maxEnvironmentValue one environment variable's value
 * @param maxSparkConfig every {@code spark_config} entry together, as sent (a line each: key,
 *     space, value; the file escapes each backslash with another)
 * @param maxSparkValue one {@code spark_config} value
 * @param maxTagsTotal every tag together
 * @param maxObject one rendered Kubernetes object, serialised as JSON
 * @param maxBody one request body (working-directory uploads excepted, which have {@code
 *     compute.jobs.max-package-size}): above every field's own bound together, and small enough
 *     that no body is a burden to read
 */
@ConfigurationProperties("compute.request-limits")
public record RequestLimitsProperties(
    @DefaultValue("43200") int maxInactiveMinutes,
    @DefaultValue("10080") int maxExpiryMinutes,
    @DefaultValue("201") int maxPodsPerCluster,
    @DefaultValue("2000") int maxCoresPerCluster,
    @DefaultValue("64KB") DataSize maxEnvironmentVariables,
    @DefaultValue("16KB") DataSize maxEnvironmentValue,
    @DefaultValue("256KB") DataSize maxSparkConfig,
    @DefaultValue("16KB") DataSize maxSparkValue,
    @DefaultValue("4KB") DataSize maxTagsTotal,
    @DefaultValue("900KB") DataSize maxObject,
    @DefaultValue("2MB") DataSize maxBody) {

  /** The defaults, for code that builds its own validator (tests, tools). */
  public static RequestLimitsProperties defaults() {
    return new RequestLimitsProperties(
        43200,
        10080,
        201,
        2000,
        DataSize.ofKilobytes(64),
        DataSize.ofKilobytes(16),
        DataSize.ofKilobytes(256),
        DataSize.ofKilobytes(16),
        DataSize.ofKilobytes(4),
        DataSize.ofKilobytes(900),
        DataSize.ofMegabytes(2));
  }
}
