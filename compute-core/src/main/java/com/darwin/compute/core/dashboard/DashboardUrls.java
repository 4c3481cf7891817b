package com.darwin.compute.core.dashboard;

import com.darwin.compute.core.config.DashboardProperties;
import com.darwin.compute.core.config.JupyterProperties;
import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.render.RayPorts;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.Dashboards;
import java.net.URI;
import org.springframework.stereotype.Component;

/**
 * The one place a cluster's web addresses are made: the links shown to users (public proxy routes
 * or, for callers inside Kubernetes, the head service), the base paths Jupyter and the Spark UI are
 * rendered with so they work behind the proxy, and the addresses the control plane itself calls
 * (Ray dashboard, Jupyter server). Templates come from {@code compute.dashboards} and {@code
 * compute.ray}; the ports from {@link RayPorts} and {@code compute.jupyter.port}.
 */
@Component
public class DashboardUrls {

  private final DashboardProperties dashboards;
  private final RayProperties ray;
  private final JupyterProperties jupyter;

  public DashboardUrls(
      DashboardProperties dashboards, RayProperties ray, JupyterProperties jupyter) {
    this.dashboards = dashboards;
    this.ray = ray;
    this.jupyter = jupyter;
  }

  /**
   * @param internal links for callers inside the Kubernetes cluster (the head service), else the
   *     public proxy routes
   */
  public Dashboards links(ClusterEntity cluster, boolean internal) {
    Cluster c = Cluster.of(cluster);
    if (internal) {
      String host = "http://" + fill(dashboards.internalHost(), dashboards.host(), c) + ":";
      return new Dashboards(
          internalJupyter(c),
          host + RayPorts.DASHBOARD + "/",
          host + RayPorts.SPARK_UI + "/",
          null,
          null);
    }
    String host = dashboards.host();
    return new Dashboards(
        fill(dashboards.jupyterLab(), host, c),
        fill(dashboards.rayDashboard(), host, c),
        fill(dashboards.sparkUi(), host, c),
        fill(dashboards.grafana(), host, c),
        fill(dashboards.codeServer(), host, c));
  }

  /** The public JupyterLab link of a cluster known only by its id and target (a search hit). */
  public String jupyterLink(String clusterId, String cloudEnv) {
    return fill(dashboards.jupyterLab(), dashboards.host(), new Cluster(clusterId, cloudEnv, null));
  }

  /**
   * The path Jupyter is served under behind the proxy ({@code /{cloud_env}/{cluster_id}-jupyter}).
   */
  public String jupyterBasePath(String clusterId, String cloudEnv, String namespace) {
    return path(dashboards.jupyterLab(), new Cluster(clusterId, cloudEnv, namespace));
  }

  /** The path the Spark UI is served under behind the proxy. */
  public String sparkUiBasePath(String clusterId, String cloudEnv, String namespace) {
    return path(dashboards.sparkUi(), new Cluster(clusterId, cloudEnv, namespace));
  }

  /** Where the control plane calls a cluster's Ray dashboard (jobs, nodes, idleness). */
  public String rayDashboardApi(ClusterEntity cluster) {
    return fill(ray.dashboardUrl(), dashboards.host(), Cluster.of(cluster));
  }

  /** Where the control plane calls a cluster's Jupyter server (idleness). */
  public String jupyterApi(ClusterEntity cluster) {
    Cluster c = Cluster.of(cluster);
    return ray.jupyterUrl() == null
        ? internalJupyter(c)
        : fill(ray.jupyterUrl(), dashboards.host(), c);
  }

  /**
   * The head's Jupyter through its service: the port it listens on and the base path it is rendered
   * with, whatever the templates say, so the link and the probe reach it.
   */
  private String internalJupyter(Cluster c) {
    return "http://"
        + fill(dashboards.internalHost(), dashboards.host(), c)
        + ":"
        + jupyter.port()
        + path(dashboards.jupyterLab(), c);
  }

  private static String path(String template, Cluster cluster) {
    String path = URI.create(fill(template, "host", cluster)).getPath();
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String fill(String template, String host, Cluster cluster) {
    String url =
        template
            .replace("{host}", host)
            .replace("{cloud_env}", cluster.cloudEnv())
            .replace("{cluster_id}", cluster.clusterId());
    // A search hit does not carry the namespace; no template it fills names one.
    return cluster.namespace() == null ? url : url.replace("{namespace}", cluster.namespace());
  }

  private record Cluster(String clusterId, String cloudEnv, String namespace) {
    static Cluster of(ClusterEntity entity) {
      return new Cluster(entity.getClusterId(), entity.getCloudEnv(), entity.getNamespace());
    }
  }
}
