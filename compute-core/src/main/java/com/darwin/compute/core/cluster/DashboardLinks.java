package com.darwin.compute.core.cluster;

import com.darwin.compute.core.config.DashboardProperties;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.Dashboards;
import org.springframework.stereotype.Component;

/** Builds a cluster's dashboard links from the configured URL templates. */
@Component
public class DashboardLinks {

  private final DashboardProperties properties;

  public DashboardLinks(DashboardProperties properties) {
    this.properties = properties;
  }

  /**
   * @param internal links for callers inside the Kubernetes cluster (the head service), else the
   *     public proxy routes
   */
  public Dashboards of(ClusterEntity cluster, boolean internal) {
    String host =
        internal ? fill(properties.internalHost(), properties.host(), cluster) : properties.host();
    if (internal) {
      return new Dashboards(
          "http://"
              + host
              + ":8888/"
              + cluster.getCloudEnv()
              + "/"
              + cluster.getClusterId()
              + "-jupyter",
          "http://" + host + ":8265/",
          "http://" + host + ":4040/",
          null,
          null);
    }
    return new Dashboards(
        fill(properties.jupyterLab(), host, cluster),
        fill(properties.rayDashboard(), host, cluster),
        fill(properties.sparkUi(), host, cluster),
        fill(properties.grafana(), host, cluster),
        fill(properties.codeServer(), host, cluster));
  }

  private static String fill(String template, String host, ClusterEntity cluster) {
    return template
        .replace("{host}", host)
        .replace("{cloud_env}", cluster.getCloudEnv())
        .replace("{cluster_id}", cluster.getClusterId())
        .replace("{namespace}", cluster.getNamespace());
  }
}
