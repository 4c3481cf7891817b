package com.darwin.compute.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.RequestLimitsProperties;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** The bounds of one request, without Spring: text, numbers, the per-request ceiling, sizes. */
class RequestLimitsTest {

  private final RequestLimits limits = new RequestLimits(RequestLimitsProperties.defaults());

  private static ClusterRequest request(
      List<String> tags,
      List<AutoTerminationPolicy> policies,
      List<WorkerNodeConfig> workers,
      AdvanceConfig advance) {
    return new ClusterRequest(
        "name",
        tags,
        Map.of("team", "ml"),
        "0.0",
        30,
        policies,
        new HeadNodeConfig(4, 8, null, null, null, null),
        workers,
        advance,
        "user@example.com",
        false,
        false,
        null,
        null,
        null);
  }

  private static WorkerNodeConfig workers(int maxPods) {
    return new WorkerNodeConfig(2, 4, 1, maxPods, null, null, null, null);
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void aValidRequestPasses() {
    assertThat(
            limits.check(
                request(
                    List.of("demo", "données", "数据"),
                    List.of(
                        new AutoTerminationPolicy(
                            "JupyterLabActivity", true, Map.of("expiry_time", 30))),
                    List.of(workers(2)),
                    new AdvanceConfig(
                        "TEAM=ml\nGREETING=grüß", null, "echo hi", null, null, null, null))))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "x\ud800", "\udc00", "bell\u0007", "\u001b[0m", "x\uffff"})
  void controlCharactersAndLoneSurrogatesAreRefused(String tag) {
    assertThat(fields(limits.check(request(List.of(tag), null, List.of(), null))))
        .containsExactly("tags[0]");
    assertThat(TextRules.problem(tag, true)).isNotNull();
  }

  @Test
  void pairedSurrogatesAndLineBreaksInScriptsAreFine() {
    assertThat(TextRules.problem("rocket \ud83d\ude80", false)).isNull();
    assertThat(TextRules.problem("a\nb\tc\r\n", true)).isNull();
    assertThat(TextRules.problem("a\nb", false)).isNotNull();
  }

  @Test
  void policyNumbersHaveRanges() {
    List<AutoTerminationPolicy> policies =
        List.of(
            new AutoTerminationPolicy(
                "JupyterLabActivity",
                true,
                Map.of("expiry_time", new BigInteger("1234567890123456789012345678901234567890"))),
            new AutoTerminationPolicy("JupyterLabActivity", true, Map.of("expiry_time", -5)),
            new AutoTerminationPolicy("JupyterLabActivity", true, Map.of("expiry_time", 4.5)),
            new AutoTerminationPolicy(
                "ClusterCPUUsage",
                true,
                Map.of(
                    "head_node_cpu_usage_threshold",
                    1e308,
                    "worker_node_cpu_usage_threshold",
                    -1)));
    assertThat(fields(limits.check(request(List.of(), policies, List.of(), null))))
        .containsExactlyInAnyOrder(
            "auto_termination_policies[0].params.expiry_time",
            "auto_termination_policies[1].params.expiry_time",
            "auto_termination_policies[2].params.expiry_time",
            "auto_termination_policies[3].params.head_node_cpu_usage_threshold",
            "auto_termination_policies[3].params.worker_node_cpu_usage_threshold");
  }

  @Test
  void oneRequestCannotAskForMoreThanTheCeiling() {
    List<WorkerNodeConfig> tenFullGroups = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tenFullGroups.add(workers(100));
    }
    List<FieldError> errors = limits.check(request(List.of(), null, tenFullGroups, null));
    assertThat(errors).extracting(FieldError::message).anyMatch(m -> m.contains("1001 pods"));
    assertThat(fields(errors)).contains("worker_node_configs");
  }

  @Test
  void sizesKubernetesWouldRefuseAreRefused() {
    String fiveMb = "BIG=" + "x".repeat(5 * 1024 * 1024);
    String bigValue = "V=" + "x".repeat(20 * 1024);
    assertThat(
            fields(
                limits.check(
                    request(
                        List.of(),
                        null,
                        List.of(),
                        new AdvanceConfig(fiveMb, null, null, null, null, null, null)))))
        .containsExactly("advance_config.environment_variables");
    assertThat(
            limits.check(
                request(
                    List.of(),
                    null,
                    List.of(),
                    new AdvanceConfig(bigValue, null, null, null, null, null, null))))
        .extracting(FieldError::message)
        .anyMatch(m -> m.contains("the value of V"));
    assertThat(
            fields(
                limits.check(
                    request(
                        List.of(),
                        null,
                        List.of(),
                        new AdvanceConfig(
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            Map.of(
                                "spark.executor.extraJavaOptions", "x".repeat(2 * 1024 * 1024)))))))
        .contains(
            "advance_config.spark_config.spark.executor.extraJavaOptions",
            "advance_config.spark_config");
  }

  private static RenderedCluster renderedWithScript(String script) {
    ConfigMap init =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c1-init-script")
            .endMetadata()
            .withData(Map.of("init.sh", script))
            .build();
    var rayCluster =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("ray.io/v1")
            .withKind("RayCluster")
            .withNewMetadata()
            .withName("c1")
            .endMetadata()
            .build();
    return new RenderedCluster(rayCluster, null, List.of(), false, List.of(init), List.of());
  }

  private static RequestLimits withMaxObject(long bytes) {
    RequestLimitsProperties d = RequestLimitsProperties.defaults();
    return new RequestLimits(
        new RequestLimitsProperties(
            d.maxInactiveMinutes(),
            d.maxExpiryMinutes(),
            d.maxPodsPerCluster(),
            d.maxCoresPerCluster(),
            d.maxEnvironmentVariables(),
            d.maxEnvironmentValue(),
            d.maxSparkConfig(),
            d.maxSparkValue(),
            d.maxTagsTotal(),
            DataSize.ofBytes(bytes),
            d.maxBody()));
  }

  @Test
  void aRenderedObjectIsMeasuredAsTheJsonTheClientSendsInUtf8() {
    // Multi-byte characters, a pair outside the BMP, quotes and line breaks (escaped in JSON) and
    // a lone surrogate (refused earlier by the text rules): counted as the client's own bytes.
    RenderedCluster rendered = renderedWithScript("echo \"grüß 数据 🚀\"\nexit 0\n\ud800");
    for (var object : rendered.objects()) {
      assertThat(RequestLimits.jsonBytes(object))
          .isEqualTo(Serialization.asJson(object).getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void anObjectOfExactlyTheMaximumPassesAndOneByteMoreIsRefused() {
    RenderedCluster rendered = renderedWithScript("echo grüß\n" + "x".repeat(4000));
    ConfigMap init = rendered.configMaps().get(0);
    long size = Serialization.asJson(init).getBytes(StandardCharsets.UTF_8).length;

    assertThat(withMaxObject(size).checkRendered(rendered)).isEmpty();

    List<FieldError> refused = withMaxObject(size - 1).checkRendered(rendered);
    assertThat(refused).extracting(FieldError::field).containsExactly("advance_config.init_script");
    assertThat(refused.get(0).message())
        .contains("ConfigMap of " + size + " bytes; at most " + (size - 1) + " bytes");
  }
}
