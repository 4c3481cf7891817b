package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Templates that would leave a placeholder in every link, and a host the templates cannot put after
 * {@code http://}, are refused at start-up, by name.
 */
class DashboardPropertiesTest {

  /** The templates' settings, in the record's order. */
  private static final List<String> TEMPLATES =
      List.of(
          "jupyter-lab", "ray-dashboard", "spark-ui", "grafana", "code-server", "internal-host");

  /** Their defaults, in the same order. */
  private static final List<String> DEFAULTS =
      List.of(
          "http://{host}/{cloud_env}/{cluster_id}-jupyter",
          "http://{host}/{cloud_env}/{cluster_id}-dashboard/",
          "http://{host}/{cloud_env}/{cluster_id}-sparkui/",
          "http://{host}/{cloud_env}/{cluster_id}-metrics/",
          "http://{host}/{cloud_env}/{cluster_id}-vscode/",
          "{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local");

  private static DashboardProperties with(String host, List<String> templates) {
    return new DashboardProperties(
        host,
        templates.get(0),
        templates.get(1),
        templates.get(2),
        templates.get(3),
        templates.get(4),
        templates.get(5));
  }

  private static DashboardProperties withHost(String host) {
    return with(host, DEFAULTS);
  }

  /** The default templates but {@code setting}'s. */
  private static DashboardProperties withTemplate(String setting, String template) {
    List<String> templates = new ArrayList<>(DEFAULTS);
    templates.set(TEMPLATES.indexOf(setting), template);
    return with("localhost", templates);
  }

  @Test
  void theDefaultsAHostWithAPortAndEveryKnownPlaceholderAreTaken() {
    assertThat(withHost("proxy.example.com:8443").host()).isEqualTo("proxy.example.com:8443");
    for (String setting : TEMPLATES) {
      assertThatCode(
              () -> withTemplate(setting, "https://{host}/{namespace}/{cloud_env}/{cluster_id}"))
          .as(setting)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aTemplateWithAnUnknownPlaceholderIsRefusedNamingBoth() {
    for (String setting : TEMPLATES) {
      assertThatThrownBy(() -> withTemplate(setting, "http://{host}/{cloud_env}/{cluster-id}/"))
          .as(setting)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("compute.dashboards." + setting)
          .hasMessageContaining("{cluster-id}");
    }
  }

  @Test
  void aBraceThatOpensOrClosesNoPlaceholderIsRefused() {
    assertThatThrownBy(
            () -> withTemplate("jupyter-lab", "http://{host}/{cloud_env}/{cluster_id-jupyter"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.dashboards.jupyter-lab");
    assertThatThrownBy(
            () -> withTemplate("internal-host", "cluster_id}-head.{namespace}.svc.cluster.local"))
        .hasMessageContaining("compute.dashboards.internal-host");
  }

  @Test
  void aHostWithASchemeIsRefused() {
    // The templates put it after http://: every link would be http://https://...
    assertThatThrownBy(() -> withHost("https://proxy.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.dashboards.host")
        .hasMessageContaining("scheme");
  }

  @Test
  void aHostWithAPathIsRefused() {
    // The base paths Jupyter and the Spark UI are served under come from the templates, without it.
    assertThatThrownBy(() -> withHost("proxy.example.com/darwin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.dashboards.host")
        .hasMessageContaining("path");
  }
}
