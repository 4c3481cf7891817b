package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** The Jupyter container of every head pod. */
@ConfigurationProperties("compute.jupyter")
public record JupyterProperties(
    @DefaultValue("8888") int port,
    @DefaultValue("500m") String cpu,
    @DefaultValue("1GB") DataSize memory,
    @DefaultValue("10s") Duration readinessPeriod,
    @DefaultValue("6") int readinessFailureThreshold) {}
