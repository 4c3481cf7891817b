package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control plane reaches a cluster's Ray dashboard and Jupyter server (in-cluster service
 * addresses by default), and how patiently.
 */
@ConfigurationProperties("compute.ray")
public record RayProperties(
    @DefaultValue("http://{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local:8265")
        String dashboardUrl,
    @DefaultValue(
            "http://{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local:8888/{cloud_env}/{cluster_id}-jupyter")
        String jupyterUrl,
    @DefaultValue("2s") Duration probeTimeout,
    @DefaultValue("16") int probeConcurrency) {}
