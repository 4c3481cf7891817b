package com.darwin.compute.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.Dashboards;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DashboardUrlsTest {

  private final DashboardUrls urls = TestDashboardUrls.defaults();

  private static ClusterEntity cluster() {
    return new ClusterEntity(
        "id-abc", "c", "u@example.com", "1.0", "eks-1", "ray", null, false, 60, Instant.now());
  }

  @Test
  void publicLinksAreTheProxyRoutes() {
    Dashboards d = urls.links(cluster(), false);
    assertThat(d.jupyterLabUrl()).isEqualTo("http://localhost/eks-1/id-abc-jupyter");
    assertThat(d.rayDashboardUrl()).isEqualTo("http://localhost/eks-1/id-abc-dashboard/");
    assertThat(d.sparkUiUrl()).isEqualTo("http://localhost/eks-1/id-abc-sparkui/");
    assertThat(d.grafanaDashboardUrl()).isEqualTo("http://localhost/eks-1/id-abc-metrics/");
    assertThat(d.codeServerUrl()).isEqualTo("http://localhost/eks-1/id-abc-vscode/");
  }

  @Test
  void internalLinksAreTheHeadServicePorts() {
    Dashboards d = urls.links(cluster(), true);
    String host = "http://id-abc-kuberay-head-svc.ray.svc.cluster.local:";
    assertThat(d.jupyterLabUrl()).isEqualTo(host + "8888/eks-1/id-abc-jupyter");
    assertThat(d.rayDashboardUrl()).isEqualTo(host + "8265/");
    assertThat(d.sparkUiUrl()).isEqualTo(host + "4040/");
    assertThat(d.grafanaDashboardUrl()).isNull();
    assertThat(d.codeServerUrl()).isNull();
  }

  @Test
  void basePathsAreThePathOfThePublicLinksWithoutTheTrailingSlash() {
    assertThat(urls.jupyterBasePath("id-abc", "eks-1", "ray")).isEqualTo("/eks-1/id-abc-jupyter");
    assertThat(urls.sparkUiBasePath("id-abc", "eks-1", "ray")).isEqualTo("/eks-1/id-abc-sparkui");
  }

  @Test
  void theControlPlaneCallsTheHeadService() {
    assertThat(urls.rayDashboardApi(cluster()))
        .isEqualTo("http://id-abc-kuberay-head-svc.ray.svc.cluster.local:8265");
    assertThat(urls.jupyterApi(cluster()))
        .isEqualTo(
            "http://id-abc-kuberay-head-svc.ray.svc.cluster.local:8888/eks-1/id-abc-jupyter");
    assertThat(urls.jupyterLink("id-abc", "eks-1"))
        .isEqualTo("http://localhost/eks-1/id-abc-jupyter");
  }

  @Test
  void theInternalJupyterLinkAndProbeFollowTheJupyterPortAndTemplate() {
    DashboardUrls custom =
        TestDashboardUrls.with(
            "proxy.example.com", "https://{host}/notebooks/{cloud_env}/{cluster_id}/", 9999);
    String served =
        "http://id-abc-kuberay-head-svc.ray.svc.cluster.local:9999/notebooks/eks-1/id-abc";

    // Where the head's Jupyter is rendered to listen and serve: link and probe both reach it.
    assertThat(custom.jupyterBasePath("id-abc", "eks-1", "ray"))
        .isEqualTo("/notebooks/eks-1/id-abc");
    assertThat(custom.links(cluster(), true).jupyterLabUrl()).isEqualTo(served);
    assertThat(custom.jupyterApi(cluster())).isEqualTo(served);
  }
}
