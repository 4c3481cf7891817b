package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spark History Server settings that cannot work are refused at start-up, by name. */
class HistoryPropertiesTest {

  private static HistoryProperties with(
      int defaultTtl,
      int maxTtl,
      Duration ttlUnit,
      Duration expiryInterval,
      String urlTemplate,
      String proxyBase) {
    return new HistoryProperties(
        defaultTtl,
        maxTtl,
        ttlUnit,
        expiryInterval,
        Duration.ofMinutes(2),
        "apache/spark:3.5.3",
        "IfNotPresent",
        List.of("/opt/spark/sbin/start-history-server.sh"),
        "ray",
        18080,
        "100m",
        "1",
        "512Mi",
        "2Gi",
        "com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
        "s3a://darwin/darwin/temp/spark_history_server",
        "spark/eventlogs",
        urlTemplate,
        proxyBase,
        null,
        List.of());
  }

  private static HistoryProperties ttls(int defaultTtl, int maxTtl) {
    return with(
        defaultTtl,
        maxTtl,
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        "http://{host}/{cloud_env}/{id}/",
        "/{cloud_env}/{id}");
  }

  private static HistoryProperties timing(Duration ttlUnit, Duration expiryInterval) {
    return with(
        60, 1440, ttlUnit, expiryInterval, "http://{host}/{cloud_env}/{id}/", "/{cloud_env}/{id}");
  }

  private static HistoryProperties templates(String urlTemplate, String proxyBase) {
    return with(60, 1440, Duration.ofMinutes(1), Duration.ofSeconds(30), urlTemplate, proxyBase);
  }

  @Test
  void aDefaultTtlAboveTheLargestIsRefused() {
    // Every request that names no ttl would be a 400 about the field it left out.
    assertThatThrownBy(() -> ttls(120, 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.history.default-ttl")
        .hasMessageContaining("compute.history.max-ttl (60), not 120");
  }

  @Test
  void aDefaultTtlUnderOneIsRefused() {
    assertThatThrownBy(() -> ttls(0, 1440))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.history.default-ttl");
  }

  @Test
  void theDefaultTtlMayBeTheLargest() {
    assertThat(ttls(60, 60).defaultTtl()).isEqualTo(60);
    assertThat(ttls(1, 1).maxTtl()).isEqualTo(1);
  }

  @Test
  void aTtlUnitOrExpiryIntervalOfZeroOrLessIsRefused() {
    assertThatThrownBy(() -> timing(Duration.ZERO, Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.history.ttl-unit");
    assertThatThrownBy(() -> timing(Duration.ofMinutes(-1), Duration.ofSeconds(30)))
        .hasMessageContaining("compute.history.ttl-unit");
    assertThatThrownBy(() -> timing(Duration.ofMinutes(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.history.expiry-interval");
    assertThat(timing(Duration.ofSeconds(1), Duration.ofMillis(300)).ttlUnit())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aTemplateWithAPlaceholderItDoesNotFillIsRefused() {
    assertThatThrownBy(
            () -> templates("http://{host}/{cloud_env}/{cluster_id}/", "/{cloud_env}/{id}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.history.url-template")
        .hasMessageContaining("{cluster_id}");
    assertThatThrownBy(() -> templates("http://{host}/{cloud_env}/{id}/", "/{namespace}/{id}"))
        .hasMessageContaining("compute.history.proxy-base")
        .hasMessageContaining("{namespace}");
    assertThat(
            templates("https://{host}/shs/{cloud_env}/{id}", "/shs/{cloud_env}/{id}").proxyBase())
        .isEqualTo("/shs/{cloud_env}/{id}");
  }
}
