package com.darwin.compute.core.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Auto-termination settings; {@code inactive_time} must be at least the minimum, or -1. */
@ConfigurationProperties("compute.termination")
public record TerminationProperties(
    @DefaultValue("5") int minInactiveMinutes, @DefaultValue("720") int jobClusterInactiveTime) {}
