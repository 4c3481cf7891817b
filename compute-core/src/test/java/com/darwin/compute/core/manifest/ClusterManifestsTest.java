package com.darwin.compute.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.dashboard.TestDashboardUrls;
import com.darwin.compute.core.render.GoldenCases;
import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.TestRenderSettings;
import com.darwin.compute.core.store.RuntimeEntity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterManifestsTest {

  private final ClusterManifests manifests =
      new ClusterManifests(
          TestRenderSettings.defaults(),
          TestDashboardUrls.defaults(),
          new RuntimeProperties(null, false, Map.of("eks-1", "eks-1-registry"), null, null));

  private RenderedCluster render() {
    GoldenCases.Case c = GoldenCases.named("init-script-env-spark");
    return manifests.render(
        "id-manifest23456789",
        c.spec(),
        "u@example.com",
        "eks-1",
        "ray",
        new RenderInput.RuntimeImage(c.image(), c.rayVersion()));
  }

  @Test
  void proxyPathsComeFromTheDashboardTemplates() {
    RenderedCluster rc = render();
    String yaml = new ClusterManifest(null, rc.objects()).yaml();
    assertThat(yaml)
        .contains("--ServerApp.base_url=/eks-1/id-manifest23456789-jupyter")
        .contains("spark.ui.proxyBase /eks-1/id-manifest23456789-sparkui\n");
  }

  @Test
  void forApplyStampsTheRayClusterAndMakesItOwnItsConfigMapsButNotTheWorkspace() {
    RenderedCluster first =
        manifests.forApply(render(), Map.of("darwin.io/restart-generation", "2"), null);
    assertThat(first.rayCluster().getMetadata().getAnnotations())
        .containsEntry("darwin.io/restart-generation", "2")
        .containsKey(ResourceNames.SPEC_HASH_ANNOTATION);
    // Before the RayCluster exists there is nothing to own them.
    assertThat(first.configMaps()).allMatch(cm -> cm.getMetadata().getOwnerReferences().isEmpty());

    GenericKubernetesResource live =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("ray.io/v1")
            .withKind("RayCluster")
            .withNewMetadata()
            .withName("id-manifest23456789-kuberay")
            .withUid("uid-1")
            .endMetadata()
            .build();
    RenderedCluster applied = manifests.forApply(render(), Map.of(), live);
    assertThat(applied.networkPolicies()).hasSize(1);
    assertThat(
            java.util.stream.Stream.concat(
                applied.configMaps().stream(), applied.networkPolicies().stream()))
        .allSatisfy(
            cm -> {
              // Collected with it: the ConfigMaps and the cluster's NetworkPolicy.
              assertThat(cm.getMetadata().getOwnerReferences()).hasSize(1);
              assertThat(cm.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
              assertThat(cm.getMetadata().getOwnerReferences().get(0).getKind())
                  .isEqualTo("RayCluster");
            });
    assertThat(applied.workspaceClaims())
        .allMatch(c -> c.getMetadata().getOwnerReferences().isEmpty());
    // The spec hash does not depend on ownership: an owner alone never re-applies the RayCluster.
    assertThat(
            applied
                .rayCluster()
                .getMetadata()
                .getAnnotations()
                .get(ResourceNames.SPEC_HASH_ANNOTATION))
        .isEqualTo(
            first
                .rayCluster()
                .getMetadata()
                .getAnnotations()
                .get(ResourceNames.SPEC_HASH_ANNOTATION));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aManifestIsMultiDocumentYamlOrPlainMapsInApplyOrder() {
    List<HasMetadata> objects = render().objects();
    ClusterManifest manifest = new ClusterManifest("id-manifest23456789", objects);
    String yaml = manifest.yaml();
    assertThat(yaml.split("(?m)^---$")).hasSize(objects.size() + 1);
    assertThat(manifest.asMaps())
        .extracting(m -> m.get("kind"))
        .containsExactly(
            "PersistentVolumeClaim", "ConfigMap", "ConfigMap", "NetworkPolicy", "RayCluster");
    Map<String, Object> rc = manifest.asMaps().get(4);
    // Quantities are strings, as Kubernetes writes them, not {amount, format} objects.
    assertThat(Serialization.asJson(rc)).contains("\"memory\":\"8Gi\"");
    // Each document parses back to the object it came from.
    for (String doc : yaml.split("(?m)^---$")) {
      if (!doc.isBlank()) {
        assertThat((Map<String, Object>) Serialization.unmarshal(doc, Map.class))
            .containsKey("kind");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyPodPullsWithTheRuntimesSecretElseTheTargetsAndGetsTheRuntimesSparkFlags() {
    GoldenCases.Case c = GoldenCases.named("init-script-env-spark");
    RenderedCluster own =
        manifests.render(
            "id-manifest23456789",
            c.spec(),
            "u@example.com",
            "eks-1",
            "ray",
            new RenderInput.RuntimeImage(
                "registry.example.com/team/ray:2.37.0-py310", "2.37.0", "team-pull", true, true));
    List<Map<String, Object>> pods = podSpecs(own);
    assertThat(pods).hasSizeGreaterThanOrEqualTo(2); // the head and every worker group
    for (Map<String, Object> pod : pods) {
      assertThat(pod.get("imagePullSecrets")).isEqualTo(List.of(Map.of("name", "team-pull")));
      List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
      for (Map<String, Object> container : containers) {
        assertThat(container.get("image")).isEqualTo("registry.example.com/team/ray:2.37.0-py310");
        assertThat((List<Map<String, Object>>) container.get("env"))
            .contains(
                Map.of("name", "SPARK_CONNECT_ENABLED", "value", "true"),
                Map.of("name", "IS_SPARK_AUTO_INITIALIZATION", "value", "true"));
      }
    }
    assertThat(Serialization.asJson(own.rayCluster())).contains("\"rayVersion\":\"2.37.0\"");

    // No secret of its own: the target's default; a target without one: none at all.
    var runtime = new RenderInput.RuntimeImage("ray:2.37.0", "2.37.0");
    RenderedCluster fallback =
        manifests.render("id-manifest23456789", c.spec(), "u@example.com", "eks-1", "ray", runtime);
    assertThat(podSpecs(fallback)).allSatisfy(p -> assertThat(p.get("imagePullSecrets")).isNull());
    RuntimeEntity entity = new RuntimeEntity("0.0", "Darwin", Instant.now());
    entity.describe("CPU", "Ray Only", "ray:2.37.0", "2.37.0", null, false, false, null);
    assertThat(manifests.runtimeImage(entity, "eks-1").imagePullSecret())
        .isEqualTo("eks-1-registry");
    assertThat(manifests.runtimeImage(entity, "gcp").imagePullSecret()).isNull();
    RenderedCluster targetDefault =
        manifests.render("id-manifest23456789", c.spec(), "u@example.com", "eks-1", "ray", entity);
    assertThat(podSpecs(targetDefault))
        .allSatisfy(
            p ->
                assertThat(p.get("imagePullSecrets"))
                    .isEqualTo(List.of(Map.of("name", "eks-1-registry"))));
    assertThat(Serialization.asJson(targetDefault.rayCluster()))
        .doesNotContain("SPARK_CONNECT_ENABLED");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> podSpecs(RenderedCluster rendered) {
    Map<String, Object> rc =
        Serialization.unmarshal(Serialization.asJson(rendered.rayCluster()), Map.class);
    Map<String, Object> spec = (Map<String, Object>) rc.get("spec");
    List<Map<String, Object>> pods = new ArrayList<>();
    Map<String, Object> head = (Map<String, Object>) spec.get("headGroupSpec");
    pods.add((Map<String, Object>) ((Map<String, Object>) head.get("template")).get("spec"));
    for (Map<String, Object> g : (List<Map<String, Object>>) spec.get("workerGroupSpecs")) {
      pods.add((Map<String, Object>) ((Map<String, Object>) g.get("template")).get("spec"));
    }
    return pods;
  }
}
