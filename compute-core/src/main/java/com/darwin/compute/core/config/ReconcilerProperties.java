package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How the reconciler converges Kubernetes to the desired state kept in MySQL. */
@ConfigurationProperties("compute.reconciler")
public record ReconcilerProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("2") int workers,
    @DefaultValue("30s") Duration resyncInterval,
    @DefaultValue("1s") Duration retryInitialBackoff,
    @DefaultValue("2m") Duration retryMaxBackoff) {}
