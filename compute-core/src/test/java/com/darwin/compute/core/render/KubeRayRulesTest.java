package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.RayParams;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KubeRayRulesTest {

  private final KubeRayRules rules = new KubeRayRules("nvidia.com/gpu");

  static Stream<GoldenCases.Case> cases() {
    return GoldenCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyGoldenCaseSatisfiesTheRules(GoldenCases.Case c) {
    assertThat(rules.check(c.render())).isEmpty();
  }

  private static RenderedCluster render(ClusterRequest spec, String image, String rayVersion) {
    return new RayClusterRenderer(TestRenderSettings.defaults())
        .render(TestRenderSettings.input(GoldenCases.CLUSTER_ID, spec, image, rayVersion));
  }

  private static ClusterRequest cluster(AdvanceConfig advance, int min, int max) {
    return GoldenCases.request(
        Map.of(), GoldenCases.cpuHead(4, 8), List.of(TestSpecs.worker(2, 4, min, max)), advance);
  }

  private static List<String> messages(List<RuleViolation> violations) {
    return violations.stream().map(v -> v.field() + ": " + v.message()).toList();
  }

  @Test
  void theRayContainerMustComeFirst() {
    RenderedCluster rc = GoldenCases.named("cpu-fixed-size").render();
    List<Container> containers = new ArrayList<>(rc.head().template().getSpec().getContainers());
    Collections.reverse(containers);
    rc.head().template().getSpec().setContainers(containers);
    assertThat(messages(rules.check(rc)))
        .anyMatch(m -> m.startsWith("head_node_config: the Ray container must come first"));
  }

  @Test
  void aLongClusterIdBreaksKubeRaysNameLimit() {
    RenderedCluster rc =
        new RayClusterRenderer(TestRenderSettings.defaults())
            .render(
                TestRenderSettings.input(
                    "id-" + "x".repeat(50), cluster(null, 1, 1), "ray:2.37.0", "2.37.0"));
    assertThat(messages(rules.check(rc))).anyMatch(m -> m.contains("at most 53 characters"));
  }

  @Test
  void anImageOfAnotherRayVersionIsRejected() {
    RenderedCluster rc = render(cluster(null, 1, 1), "rayproject/ray:2.41.0-py310", "2.37.0");
    assertThat(rules.check(rc)).extracting(RuleViolation::field).contains("runtime");
    // Tags without a version cannot be checked and pass.
    assertThat(rules.check(render(cluster(null, 1, 1), "registry:5000/custom:latest", "2.37.0")))
        .isEmpty();
  }

  @Test
  void autoscalerV2CannotBeForcedWithoutAutoscaling() {
    AdvanceConfig env =
        new AdvanceConfig("RAY_enable_autoscaler_v2=1", null, null, null, null, null, null);
    assertThat(messages(rules.check(render(cluster(env, 1, 1), "ray:2.37.0", "2.37.0"))))
        .anyMatch(
            m -> m.startsWith("advance_config.environment_variables: RAY_enable_autoscaler_v2"));
    assertThat(rules.check(render(cluster(env, 1, 3), "ray:2.37.0", "2.37.0"))).isEmpty();
  }

  @Test
  void replicasAreNotOwnedWhenTheAutoscalerIsOn() {
    RenderedCluster rc = GoldenCases.named("cpu-autoscaling").render();
    WorkerGroup g = rc.workers().get(0);
    RenderedCluster owned =
        new RenderedCluster(
            rc.rayCluster(),
            rc.head(),
            List.of(
                new WorkerGroup(
                    g.groupName(),
                    1,
                    g.minReplicas(),
                    g.maxReplicas(),
                    1,
                    g.rayStartParams(),
                    g.template())),
            true,
            rc.configMaps(),
            rc.workspaceClaims());
    assertThat(messages(rules.check(owned)))
        .anyMatch(m -> m.contains("replicas must be left to the Ray autoscaler"));
  }

  @Test
  void replicasMustLieBetweenMinAndMax() {
    RenderedCluster rc = GoldenCases.named("cpu-fixed-size").render();
    WorkerGroup g = rc.workers().get(0);
    RenderedCluster bad =
        new RenderedCluster(
            rc.rayCluster(),
            rc.head(),
            List.of(new WorkerGroup(g.groupName(), 5, 2, 3, 1, g.rayStartParams(), g.template())),
            false,
            rc.configMaps(),
            rc.workspaceClaims());
    assertThat(messages(rules.check(bad)))
        .anyMatch(m -> m.contains("replicas must lie between minReplicas and maxReplicas"));
  }

  @Test
  void gpuPodsNeedTolerationsAndNodeSelectors() {
    RenderSettings d = TestRenderSettings.defaults();
    RenderSettings untainted =
        new RenderSettings(
            new NodePools(Map.of(), "general"),
            new GpuSettings("nvidia.com/gpu", null, Map.of(), List.of()),
            d.workspace(),
            d.pods());
    RenderedCluster rc =
        new RayClusterRenderer(untainted).render(GoldenCases.named("gpu-workers-spot").input());
    assertThat(messages(rules.check(rc)))
        .anyMatch(m -> m.startsWith("worker_node_configs[0]: a GPU pod needs a toleration"))
        .anyMatch(m -> m.startsWith("worker_node_configs[0]: a GPU pod needs a node selector"));
  }

  @Test
  void theHeadsNumGpusMustMatchItsLimit() {
    RenderedCluster rc = GoldenCases.named("gpu-head").render();
    rc.head().rayStartParams().put("num-gpus", "0");
    assertThat(messages(rules.check(rc))).anyMatch(m -> m.contains("num-gpus must be \"1\""));
  }

  @Test
  void aTinyObjectStoreIsRejected() {
    AdvanceConfig small =
        new AdvanceConfig(null, null, null, null, null, new RayParams(1, null), null);
    ClusterRequest spec =
        GoldenCases.request(
            Map.of(),
            GoldenCases.cpuHead(4, 8),
            List.of(GoldenCases.cpu(2, 4, 1, 1, CapacityType.ONDEMAND)),
            small);
    assertThat(rules.check(render(spec, "ray:2.37.0", "2.37.0")))
        .extracting(RuleViolation::field)
        .contains("advance_config.ray_params.object_store_memory");
  }

  @Test
  void restartPolicyMustBeNeverWithAutoscalerV2() {
    RenderedCluster rc = GoldenCases.named("ray-2-53-autoscaling").render();
    rc.workers().get(0).template().getSpec().setRestartPolicy("Always");
    assertThat(messages(rules.check(rc))).anyMatch(m -> m.contains("restartPolicy must be Never"));
  }

  @Test
  void nameSyntaxes() {
    assertThat(KubeNames.isDns1035Label("id-abc-kuberay")).isTrue();
    assertThat(KubeNames.isDns1035Label("1d-abc")).isFalse();
    assertThat(KubeNames.isDns1035Label("a".repeat(64))).isFalse();
    assertThat(KubeNames.isDns1123Subdomain("workspace-user-x-1a2b3c4d")).isTrue();
    assertThat(KubeNames.isDns1123Subdomain("Workspace")).isFalse();
    assertThat(KubeNames.isLabelKey("app.kubernetes.io/managed-by")).isTrue();
    assertThat(KubeNames.isLabelKey("bad key")).isFalse();
    assertThat(KubeNames.isLabelValue("user_example.com")).isTrue();
    assertThat(KubeNames.isLabelValue("user@example.com")).isFalse();
    assertThat(KubeNames.isPortName("gcs-server")).isTrue();
    assertThat(KubeNames.isPortName("a-very-long-port-name")).isFalse();
  }

  @Test
  void imageTags() {
    assertThat(RuntimeVersions.tag("localhost:5000/ray:2.37.0")).contains("2.37.0");
    assertThat(RuntimeVersions.tag("localhost:5000/ray")).isEmpty();
    assertThat(RuntimeVersions.tag("ray@sha256:abc")).isEmpty();
    assertThat(RuntimeVersions.contradicts("rayproject/ray-ml:2.47.1-py310-gpu", "2.47.1"))
        .isFalse();
    assertThat(RuntimeVersions.contradicts("ray:2.47.10", "2.47.1")).isTrue();
    assertThat(RuntimeVersions.atLeast("2.53.0", 2, 53)).isTrue();
    assertThat(RuntimeVersions.atLeast("2.9.3", 2, 53)).isFalse();
    assertThat(RuntimeVersions.atLeast("nightly", 2, 53)).isFalse();
  }

  @Test
  void versionNumbersOfAnyLengthCompareWithoutOverflow() {
    // Any caller may register a CUSTOM runtime whose tag carries such a version.
    assertThat(RuntimeVersions.atLeast("99999999999.0", 2, 53)).isTrue();
    assertThat(RuntimeVersions.atLeast("2.99999999999999999999", 2, 53)).isTrue();
    assertThat(RuntimeVersions.atLeast("1.99999999999", 2, 53)).isFalse();
    assertThat(RuntimeVersions.atLeast("0000000000002.0053", 2, 53)).isTrue();
    assertThat(RuntimeVersions.atLeast("0000000000002.0052", 2, 53)).isFalse();
  }
}
