package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Links to a cluster's web UIs ({@code GET /cluster/{id}/dashboards}). {@code
 * spark_history_server_url} is there only while a Spark History Server runs for the cluster.
 */
public record Dashboards(
    @JsonProperty("jupyter_lab_url") String jupyterLabUrl,
    @JsonProperty("ray_dashboard_url") String rayDashboardUrl,
    @JsonProperty("spark_ui_url") String sparkUiUrl,
    @JsonProperty("grafana_dashboard_url") String grafanaDashboardUrl,
    @JsonProperty("code_server_url") String codeServerUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("spark_history_server_url")
        String sparkHistoryServerUrl) {

  public Dashboards(
      String jupyterLabUrl,
      String rayDashboardUrl,
      String sparkUiUrl,
      String grafanaDashboardUrl,
      String codeServerUrl) {
    this(jupyterLabUrl, rayDashboardUrl, sparkUiUrl, grafanaDashboardUrl, codeServerUrl, null);
  }

  /** The same links with the cluster's Spark History Server (null: none runs). */
  public Dashboards withSparkHistoryServer(String url) {
    return new Dashboards(
        jupyterLabUrl, rayDashboardUrl, sparkUiUrl, grafanaDashboardUrl, codeServerUrl, url);
  }
}
