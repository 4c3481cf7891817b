package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Probe settings that cannot work are refused at start-up, by name. */
class RayPropertiesTest {

  private static final String DASHBOARD =
      "http://{cluster_id}-kuberay-head-svc.{namespace}.svc.cluster.local:8265";

  private static RayProperties with(
      String dashboardUrl, String jupyterUrl, Duration probeTimeout, int probeConcurrency) {
    return new RayProperties(dashboardUrl, jupyterUrl, probeTimeout, probeConcurrency);
  }

  @Test
  void noProbeAtATimeIsRefused() {
    // The sweep's fixed thread pool of that size could not be made, and said nothing of why.
    assertThatThrownBy(() -> with(DASHBOARD, null, Duration.ofSeconds(2), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.ray.probe-concurrency")
        .hasMessageContaining("not 0");
    assertThat(with(DASHBOARD, null, Duration.ofSeconds(2), 1).probeConcurrency()).isEqualTo(1);
  }

  @Test
  void aProbeTimeoutOfZeroOrLessIsRefused() {
    assertThatThrownBy(() -> with(DASHBOARD, null, Duration.ZERO, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.ray.probe-timeout");
    assertThatThrownBy(() -> with(DASHBOARD, null, Duration.ofSeconds(-2), 16))
        .hasMessageContaining("compute.ray.probe-timeout");
    assertThat(with(DASHBOARD, null, Duration.ofMillis(100), 16).probeTimeout())
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aUrlTemplateWithAnUnknownPlaceholderIsRefused() {
    assertThatThrownBy(() -> with("http://{cluster-id}-head:8265", null, Duration.ofSeconds(2), 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.ray.dashboard-url")
        .hasMessageContaining("{cluster-id}");
    assertThatThrownBy(
            () -> with(DASHBOARD, "http://{cluster_id}:{port}/jupyter", Duration.ofSeconds(2), 16))
        .hasMessageContaining("compute.ray.jupyter-url")
        .hasMessageContaining("{port}");
    assertThat(
            with(DASHBOARD, "http://{host}/{cloud_env}/{cluster_id}", Duration.ofSeconds(2), 16)
                .jupyterUrl())
        .isEqualTo("http://{host}/{cloud_env}/{cluster_id}");
  }
}
