package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.render.RayClusterRenderer;
import com.darwin.compute.core.render.TestRenderSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The update applier against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ManifestAppliersTest {

  static KubernetesClient client;

  private static GenericKubernetesResource rendered(int minPods, int maxPods) {
    return SpecHash.stamp(
        new RayClusterRenderer(TestRenderSettings.defaults())
            .render(
                TestRenderSettings.input(
                    "id-applier2345678a",
                    TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, minPods, maxPods))),
                    "ray:2.37.0",
                    "2.37.0"))
            .rayCluster(),
        Map.of());
  }

  private static GenericKubernetesResource live() {
    return RayClusterKind.in(client)
        .inNamespace("ray")
        .withName("id-applier2345678a-kuberay")
        .get();
  }

  @Test
  @SuppressWarnings("unchecked")
  void createsThenReportsUnchangedThenPatchesKeepingTheAutoscalersReplicas() {
    UpdateApplier applier = new UpdateApplier();
    assertThat(applier.apply(client, rendered(1, 3), null)).isEqualTo(ApplyOutcome.CREATED);
    assertThat(live()).isNotNull();

    // Same manifest: nothing is sent.
    assertThat(applier.apply(client, rendered(1, 3), live())).isEqualTo(ApplyOutcome.UNCHANGED);

    // The Ray autoscaler sets replicas; the control plane does not own them.
    GenericKubernetesResource scaled = live();
    ((List<Map<String, Object>>)
            ((Map<String, Object>) scaled.getAdditionalProperties().get("spec"))
                .get("workerGroupSpecs"))
        .get(0)
        .put("replicas", 3);
    RayClusterKind.in(client).inNamespace("ray").resource(scaled).update();

    assertThat(applier.apply(client, rendered(1, 5), live())).isEqualTo(ApplyOutcome.PATCHED);
    Map<String, Object> group =
        ((List<Map<String, Object>>)
                ((Map<String, Object>) live().getAdditionalProperties().get("spec"))
                    .get("workerGroupSpecs"))
            .get(0);
    assertThat(group).containsEntry("maxReplicas", 5).containsEntry("replicas", 3);
    assertThat(SpecHash.annotationOf(live())).isEqualTo(SpecHash.annotationOf(rendered(1, 5)));
  }
}
