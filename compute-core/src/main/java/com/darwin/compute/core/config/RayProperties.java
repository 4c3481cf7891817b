package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control plane reaches a cluster's Ray dashboard and Jupyter server (in-cluster service
 * addresses by default), and how patiently. The URL templates name the placeholders of {@link
 * DashboardProperties#PLACEHOLDERS}; a probe timeout of 0 or less, or no probe at a time, stops the
 * start.
 */
@ConfigurationProperties("compute.ray")
public record RayProperties(
    @DefaultValue("http://{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local:8265")
        String dashboardUrl,
    // Unset: the head service at compute.jupyter.port, under the path the head's Jupyter is served
    // at (from compute.dashboards.jupyter-lab), so that changing either does not leave the
    // idleness probe asking a path that is not there.
    String jupyterUrl,
    @DefaultValue("2s") Duration probeTimeout,
    @DefaultValue("16") int probeConcurrency) {

  public RayProperties {
    SettingChecks.placeholders(
        "compute.ray.dashboard-url", dashboardUrl, DashboardProperties.PLACEHOLDERS);
    SettingChecks.placeholders(
        "compute.ray.jupyter-url", jupyterUrl, DashboardProperties.PLACEHOLDERS);
    SettingChecks.positive("compute.ray.probe-timeout", probeTimeout);
    // The sweep's pool of probe threads: with none, it could not be made.
    SettingChecks.atLeastOne("compute.ray.probe-concurrency", probeConcurrency);
  }
}
