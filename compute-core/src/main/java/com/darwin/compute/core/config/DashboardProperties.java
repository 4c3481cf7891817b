package com.darwin.compute.core.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * URL templates for a cluster's web UIs. Placeholders: {@code {host}}, {@code {cloud_env}}, {@code
 * {cluster_id}}, {@code {namespace}}. The defaults are the routes of the Darwin nginx proxy.
 *
 * <p>Refused at start-up: a template with any other placeholder (it would stay in every link, and
 * the base paths Jupyter and the Spark UI are rendered with could not be read from it), and a
 * {@code host} with a scheme or a path (the templates put it after {@code http://}, and the base
 * paths are the templates' paths without it).
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
        String internalHost) {

  /** What the templates of a cluster's addresses may name. */
  public static final List<String> PLACEHOLDERS =
      List.of("host", "cloud_env", "cluster_id", "namespace");

  public DashboardProperties {
    if (host != null && host.contains("://")) {
      throw new IllegalArgumentException(
          "compute.dashboards.host must be a host name (and port) without a scheme, not " + host);
    }
    if (host != null && host.contains("/")) {
      throw new IllegalArgumentException(
          "compute.dashboards.host must be a host name (and port) without a path, not " + host);
    }
    SettingChecks.placeholders("compute.dashboards.jupyter-lab", jupyterLab, PLACEHOLDERS);
    SettingChecks.placeholders("compute.dashboards.ray-dashboard", rayDashboard, PLACEHOLDERS);
    SettingChecks.placeholders("compute.dashboards.spark-ui", sparkUi, PLACEHOLDERS);
    SettingChecks.placeholders("compute.dashboards.grafana", grafana, PLACEHOLDERS);
    SettingChecks.placeholders("compute.dashboards.code-server", codeServer, PLACEHOLDERS);
    SettingChecks.placeholders("compute.dashboards.internal-host", internalHost, PLACEHOLDERS);
  }
}
