package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RayClusterSpecViewTest {

  private static final Map<String, Object> TEMPLATE =
      Map.of("spec", Map.of("containers", List.of(Map.of("name", "ray", "image", "ray"))));

  @Test
  void desiredWorkersFollowKubeRaysClampAndHostRules() {
    RayClusterSpecView spec =
        view(
            Map.of("groupName", "a", "minReplicas", 2, "maxReplicas", 4, "template", TEMPLATE),
            Map.of(
                "groupName",
                "b",
                "replicas",
                9,
                "minReplicas",
                0,
                "maxReplicas",
                3,
                "numOfHosts",
                2,
                "template",
                TEMPLATE),
            Map.of("groupName", "c", "replicas", 5, "suspend", true, "template", TEMPLATE));

    assertThat(spec.problems()).isEmpty();
    assertThat(spec.group("a").orElseThrow().desiredPods())
        .isEqualTo(2); // replicas defaults to min
    assertThat(spec.group("b").orElseThrow().desiredPods()).isEqualTo(6); // min(9, 3) x 2 hosts
    assertThat(spec.group("c").orElseThrow().desiredPods()).isZero(); // suspended group
    assertThat(spec.desiredWorkerPods()).isEqualTo(8);
    assertThat(spec.minWorkerPods()).isEqualTo(2);
    assertThat(spec.maxWorkerPods()).isEqualTo(10);
    assertThat(spec.headServiceName()).isEqualTo("demo-head-svc");
  }

  @Test
  void reportsWhatKubeRayWouldReject() {
    RayClusterSpecView spec =
        view(Map.of("groupName", "a", "minReplicas", 3, "maxReplicas", 1, "template", TEMPLATE));

    assertThat(spec.problems())
        .singleElement()
        .asString()
        .contains("minReplicas 3 > maxReplicas 1");
  }

  private static RayClusterSpecView view(Map<?, ?>... groups) {
    GenericKubernetesResource rayCluster = new GenericKubernetesResource();
    rayCluster.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("ray").build());
    rayCluster.setAdditionalProperty(
        "spec",
        Map.of("headGroupSpec", Map.of("template", TEMPLATE), "workerGroupSpecs", List.of(groups)));
    return RayClusterSpecView.of(rayCluster);
  }
}
