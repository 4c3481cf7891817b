package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.DashboardProperties;
import org.springframework.stereotype.Component;

/**
 * A Jupyter pod's addresses: the public link is a cluster's Jupyter route ({@code
 * compute.dashboards.jupyter-lab}) with the pod's name for the cluster id, which the Darwin proxy
 * sends to the pod's Service; the internal one is where the control plane probes the server.
 */
@Component
class JupyterPodLinks {

  private final DashboardProperties dashboards;
  private final JupyterPodProperties properties;

  JupyterPodLinks(DashboardProperties dashboards, JupyterPodProperties properties) {
    this.dashboards = dashboards;
    this.properties = properties;
  }

  String link(JupyterPodEntity pod) {
    return link(pod.getName(), pod.getCloudEnv(), pod.getNamespace());
  }

  String link(String name, String cloudEnv, String namespace) {
    String link =
        dashboards
            .jupyterLab()
            .replace("{host}", dashboards.host())
            .replace("{cloud_env}", cloudEnv)
            .replace("{cluster_id}", name)
            .replace("{namespace}", namespace);
    // The workspace service appends "/lab/tree/..." to it.
    return link.endsWith("/") ? link.substring(0, link.length() - 1) : link;
  }

  String internal(JupyterPodEntity pod) {
    return properties
        .internalUrl()
        .replace("{name}", pod.getName())
        .replace("{namespace}", pod.getNamespace())
        .replace("{cloud_env}", pod.getCloudEnv())
        .replace("{port}", Integer.toString(properties.port()));
  }
}
