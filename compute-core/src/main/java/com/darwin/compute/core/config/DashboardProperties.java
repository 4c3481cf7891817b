package com.darwin.compute.core.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * URL templates for a cluster's web UIs. Placeholders: {@code {host}}, {@code {cloud_env}}, {@code
 * {cluster_id}}, {@code {namespace}}. The defaults are the routes of the Darwin nginx proxy.
 */
@ConfigurationProperties("compute.dashboards")
public record DashboardProperties(
    @DefaultValue("localhost") String host,
    @DefaultValue("http://{host}/{cloud_env}/{cluster_id}-jupyter") String jupyterLab,
    @DefaultValue("http://{host}/{cloud_env}/{cluster_id}-dashboard/") String rayDashboard,
    @DefaultValue("http://{host}/{cloud_env}/{cluster_id}-sparkui/") String sparkUi,
    @DefaultValue("http://{host}/{cloud_env}/{cluster_id}-metrics/") String grafana,
    @DefaultValue("http://{host}/{cloud_env}/{cluster_id}-vscode/") String codeServer,
    @DefaultValue("{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local")
        String internalHost) {}
