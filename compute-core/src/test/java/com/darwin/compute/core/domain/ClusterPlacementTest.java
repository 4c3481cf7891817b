package com.darwin.compute.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.render.GoldenCases;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several Kubernetes targets: cloud_env (or a tag) picks one, each with its namespace. */
class ClusterPlacementTest {

  private final KubernetesTargets targets =
      new KubernetesTargets(
          new KubernetesProperties(
              "eks-0",
              Map.of(
                  "eks-0", new KubernetesProperties.Target("http://127.0.0.1:1", null, "ray"),
                  "gcp", new KubernetesProperties.Target("http://127.0.0.1:2", null, "ray-gcp")),
              KubernetesProperties.ApplyMode.UPDATE,
              "darwin-compute",
              Duration.ofMinutes(10),
              2));
  private final ClusterPlacement placement = new ClusterPlacement(targets);

  @AfterEach
  void close() {
    targets.destroy();
  }

  private static ClusterRequest request(String cloudEnv, List<String> tags) {
    ClusterRequest r =
        GoldenCases.request(
            Map.of(), GoldenCases.named("head-only").spec().headNodeConfig(), List.of(), null);
    return new ClusterRequest(
        r.clusterName(),
        tags,
        r.labels(),
        r.runtime(),
        r.inactiveTime(),
        null,
        r.headNodeConfig(),
        r.workerNodeConfigs(),
        r.advanceConfig(),
        r.user(),
        false,
        true,
        cloudEnv,
        null,
        null);
  }

  @Test
  void cloudEnvThenATagThenTheDefaultTarget() {
    assertThat(placement.resolve(request("gcp", List.of()))).contains("gcp");
    assertThat(placement.resolve(request(null, List.of("demo", "gcp")))).contains("gcp");
    assertThat(placement.resolve(request(null, List.of("demo")))).contains("eks-0");
    assertThat(placement.resolve(request("eks-9", List.of()))).isEmpty();
  }

  @Test
  void eachTargetHasItsNamespace() {
    assertThat(placement.namespaceOf("gcp")).isEqualTo("ray-gcp");
    assertThat(placement.namespaceOf("eks-0")).isEqualTo("ray");
    assertThat(targets.get("gcp").client().getMasterUrl().toString())
        .startsWith("http://127.0.0.1:2");
    assertThatThrownBy(() -> targets.get("nope")).hasMessageContaining("unknown Kubernetes target");
  }

  @Test
  void theDefaultTargetMustBeConfigured() {
    assertThatThrownBy(
            () ->
                new KubernetesTargets(
                    new KubernetesProperties(
                        "missing",
                        Map.of(
                            "a",
                            new KubernetesProperties.Target("http://127.0.0.1:1", null, "ray")),
                        KubernetesProperties.ApplyMode.UPDATE,
                        "darwin-compute",
                        Duration.ofMinutes(10),
                        2)))
        .hasMessageContaining("default-target 'missing'");
  }
}
