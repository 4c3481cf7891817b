package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Links to a cluster's web UIs ({@code GET /cluster/{id}/dashboards}). */
public record Dashboards(
    @JsonProperty("jupyter_lab_url") String jupyterLabUrl,
    @JsonProperty("ray_dashboard_url") String rayDashboardUrl,
    @JsonProperty("spark_ui_url") String sparkUiUrl,
    @JsonProperty("grafana_dashboard_url") String grafanaDashboardUrl,
    @JsonProperty("code_server_url") String codeServerUrl) {}
