package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RayClusterRendererTest {

  private final RayClusterRenderer renderer = new RayClusterRenderer();

  private GenericKubernetesResource render(
      List<com.darwin.compute.model.cluster.WorkerNodeConfig> workers) {
    return renderer.render(
        new RenderInput(
            "id-abcdefghijkmnopq",
            TestSpecs.readmeCluster(workers),
            new RenderInput.RuntimeImage("ray:2.37.0", "2.37.0"),
            "ray",
            "user@example.com",
            "sandbox",
            "/sandbox/id-abcdefghijkmnopq-jupyter"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(GenericKubernetesResource resource) {
    return Serialization.unmarshal(Serialization.asJson(resource), Map.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void rendersHeadWithRayContainerFirstAndNamedPorts() {
    Map<String, Object> rc = tree(render(List.of(TestSpecs.worker(2, 4, 1, 2))));
    assertThat(rc.get("apiVersion")).isEqualTo("ray.io/v1");
    Map<String, Object> metadata = (Map<String, Object>) rc.get("metadata");
    assertThat(metadata.get("name")).isEqualTo("id-abcdefghijkmnopq-kuberay");
    assertThat((String) metadata.get("name"))
        .hasSizeLessThanOrEqualTo(ResourceNames.MAX_RAY_CLUSTER_NAME);
    Map<String, Object> spec = (Map<String, Object>) rc.get("spec");
    assertThat(spec.get("rayVersion")).isEqualTo("2.37.0");
    Map<String, Object> head = (Map<String, Object>) spec.get("headGroupSpec");
    Map<String, Object> params = (Map<String, Object>) head.get("rayStartParams");
    assertThat(params).containsEntry("num-cpus", "0").containsEntry("num-gpus", "0");
    // 25% of 8 GiB
    assertThat(params.get("object-store-memory")).isEqualTo(Long.toString(2L * 1024 * 1024 * 1024));
    List<Map<String, Object>> containers =
        (List<Map<String, Object>>)
            ((Map<String, Object>) ((Map<String, Object>) head.get("template")).get("spec"))
                .get("containers");
    assertThat(containers).extracting(c -> c.get("name")).containsExactly("ray-head", "jupyter");
    List<Map<String, Object>> ports = (List<Map<String, Object>>) containers.get(0).get("ports");
    assertThat(ports).extracting(p -> p.get("name")).contains("gcs-server", "dashboard", "client");
    Map<String, Object> limits =
        (Map<String, Object>)
            ((Map<String, Object>) containers.get(0).get("resources")).get("limits");
    assertThat(limits).containsEntry("cpu", "4").containsEntry("memory", "8Gi");
    List<Map<String, Object>> env = (List<Map<String, Object>>) containers.get(0).get("env");
    assertThat(env).extracting(e -> e.get("name")).contains("CLUSTER_ID", "FOO", "X");
  }

  @Test
  @SuppressWarnings("unchecked")
  void autoscalingGroupsLeaveReplicasToTheAutoscaler() {
    Map<String, Object> spec =
        (Map<String, Object>) tree(render(List.of(TestSpecs.worker(2, 4, 1, 3)))).get("spec");
    assertThat(spec.get("enableInTreeAutoscaling")).isEqualTo(true);
    Map<String, Object> group = ((List<Map<String, Object>>) spec.get("workerGroupSpecs")).get(0);
    assertThat(group).doesNotContainKey("replicas");
    assertThat(group).containsEntry("minReplicas", 1).containsEntry("maxReplicas", 3);
    assertThat(group.get("groupName")).isEqualTo("wg");
  }

  @Test
  @SuppressWarnings("unchecked")
  void fixedSizeGroupsOwnTheirReplicasAndGetPythonGroupNames() {
    Map<String, Object> spec =
        (Map<String, Object>)
            tree(render(List.of(TestSpecs.worker(2, 4, 2, 2), TestSpecs.worker(1, 2, 1, 1))))
                .get("spec");
    assertThat(spec.get("enableInTreeAutoscaling")).isEqualTo(false);
    List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("workerGroupSpecs");
    assertThat(groups).extracting(g -> g.get("groupName")).containsExactly("wg", "wg1");
    assertThat(groups.get(0)).containsEntry("replicas", 2);
  }

  @Test
  void renderingIsDeterministic() {
    var workers = List.of(TestSpecs.worker(2, 4, 1, 2));
    assertThat(Serialization.asYaml(render(workers)))
        .isEqualTo(Serialization.asYaml(render(workers)));
  }

  @Test
  void ownerBecomesAValidLabelValue() {
    assertThat(ResourceNames.labelValue("user@example.com")).isEqualTo("user_example.com");
    assertThat(ResourceNames.labelValue("-x-")).isEqualTo("x");
    assertThat(ResourceNames.labelValue("a".repeat(80))).hasSize(63);
  }
}
