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
    @DefaultValue("720") int jobClusterInactiveTime) {}
