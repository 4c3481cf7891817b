package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Probes of the Ray containers. The defaults are the ones KubeRay injects into templates without
 * probes. The liveness budget (initial delay + period x failure threshold, 630 s by default) must
 * stay above {@code compute.init-script.timeout}, or a slow init script gets its container killed.
 */
@ConfigurationProperties("compute.probes")
public record ProbeProperties(
    @DefaultValue("10s") Duration readinessInitialDelay,
    @DefaultValue("5s") Duration readinessPeriod,
    @DefaultValue("10") int readinessFailureThreshold,
    @DefaultValue("30s") Duration livenessInitialDelay,
    @DefaultValue("5s") Duration livenessPeriod,
    @DefaultValue("120") int livenessFailureThreshold,
    @DefaultValue("5s") Duration headTimeout,
    @DefaultValue("2s") Duration workerTimeout) {}
