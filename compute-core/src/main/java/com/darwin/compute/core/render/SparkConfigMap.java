package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code spark-defaults.conf} for Spark on Ray, in a ConfigMap mounted as {@code SPARK_CONF_DIR}:
 * the user's {@code spark_config} plus the entries that make the Spark UI work behind the Darwin
 * proxy and expose Prometheus metrics (the Python service's {@code update_spark_config}).
 */
public final class SparkConfigMap {

  static final String MOUNT_PATH = "/etc/darwin/spark";

  /** Entries set by the control plane; users cannot override them. */
  public static final Set<String> MANDATORY_KEYS =
      Set.of(
          "spark.ui.proxyRedirectUri",
          "spark.ui.proxyBase",
          "spark.ui.prometheus.enabled",
          "spark.metrics.conf.*.sink.prometheusServlet.class",
          "spark.metrics.conf.*.sink.prometheusServlet.path",
          "spark.metrics.conf.master.sink.prometheusServlet.path",
          "spark.metrics.conf.applications.sink.prometheusServlet.path");

  private SparkConfigMap() {}

  static ConfigMap of(RenderInput input, Map<String, String> labels) {
    // Sorted: the file, and so the config hash, must not depend on map iteration order.
    Map<String, String> conf = new TreeMap<>();
    input.spec().advanceConfig().sparkConfig().forEach((k, v) -> conf.put(k, String.valueOf(v)));
    conf.put("spark.ui.proxyRedirectUri", "/");
    conf.put("spark.ui.proxyBase", input.sparkUiBasePath());
    conf.put("spark.ui.prometheus.enabled", "true");
    conf.put(
        "spark.metrics.conf.*.sink.prometheusServlet.class",
        "org.apache.spark.metrics.sink.PrometheusServlet");
    conf.put("spark.metrics.conf.*.sink.prometheusServlet.path", "/metrics/prometheus");
    conf.put("spark.metrics.conf.master.sink.prometheusServlet.path", "/metrics/master/prometheus");
    conf.put(
        "spark.metrics.conf.applications.sink.prometheusServlet.path",
        "/metrics/applications/prometheus");
    StringBuilder file = new StringBuilder();
    conf.forEach((k, v) -> file.append(k).append(' ').append(escaped(v)).append('\n'));
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ResourceNames.sparkConfigMap(input.clusterId()))
        .withNamespace(input.namespace())
        .withLabels(new LinkedHashMap<>(labels))
        .endMetadata()
        .withData(Map.of(ResourceNames.SPARK_DEFAULTS_KEY, file.toString()))
        .build();
  }

  /**
   * A value as {@code java.util.Properties.load} (how Spark reads spark-defaults.conf) gives it
   * back: a backslash is an escape there ({@code C:\\users} failed every Spark session as a
   * malformed {@code \\u}; {@code \\b} in a regex lost its backslash), and the whitespace and one
   * {@code =} or {@code :} that start a value are taken for the separator. Line breaks are refused
   * on input.
   */
  static String escaped(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (i == 0 && (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f')) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static Volume volume(String clusterId) {
    return new VolumeBuilder()
        .withName(ResourceNames.SPARK_CONF_VOLUME)
        .withNewConfigMap()
        .withName(ResourceNames.sparkConfigMap(clusterId))
        .endConfigMap()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(ResourceNames.SPARK_CONF_VOLUME)
        .withMountPath(MOUNT_PATH)
        .withReadOnly(true)
        .build();
  }
}
