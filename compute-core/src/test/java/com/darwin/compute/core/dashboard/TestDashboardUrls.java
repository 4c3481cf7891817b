package com.darwin.compute.core.dashboard;

import com.darwin.compute.core.config.DashboardProperties;
import com.darwin.compute.core.config.JupyterProperties;
import com.darwin.compute.core.config.RayProperties;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** The dashboard URL builder with the default templates, for tests without Spring. */
public final class TestDashboardUrls {

  private TestDashboardUrls() {}

  public static DashboardUrls defaults() {
    return with("localhost", "http://{host}/{cloud_env}/{cluster_id}-jupyter", 8888);
  }

  /** The default templates but the host, the JupyterLab link's and the Jupyter port. */
  public static DashboardUrls with(String host, String jupyterLab, int jupyterPort) {
    return new DashboardUrls(
        new DashboardProperties(
            host,
            jupyterLab,
            "http://{host}/{cloud_env}/{cluster_id}-dashboard/",
            "http://{host}/{cloud_env}/{cluster_id}-sparkui/",
            "http://{host}/{cloud_env}/{cluster_id}-metrics/",
            "http://{host}/{cloud_env}/{cluster_id}-vscode/",
            "{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local"),
        new RayProperties(
            "http://{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local:8265",
            null, // the head's Jupyter as rendered, as in production
            Duration.ofSeconds(2),
            16),
        new JupyterProperties(
            jupyterPort, "500m", DataSize.ofGigabytes(1), Duration.ofSeconds(10), 6));
  }
}
