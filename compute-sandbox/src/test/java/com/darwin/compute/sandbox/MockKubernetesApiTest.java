package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MockKubernetesApiTest {

  @Test
  void registersTheKubeRayCrdAndTheRayNamespace() {
    Optional<Path> crd = RayClusterCrd.locate(null);
    Assumptions.assumeTrue(
        crd.isPresent(),
        "KubeRay CRD test skipped: no shared/kuberay/ray.io_rayclusters.yaml above the working"
            + " directory and neither -Dkuberay.crd-file nor KUBERAY_CRD_FILE set (see README)");
    MockKubernetesApi api = MockKubernetesApi.start();
    try (KubernetesClient client = api.newClient()) {
      assertThat(api.masterUrl()).isEqualTo("http://127.0.0.1:" + api.port() + "/");
      assertThat(api.crdFile()).isEqualTo(crd);
      assertThat(
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("rayclusters.ray.io")
                  .get()
                  .getSpec()
                  .getVersions()
                  .stream()
                  .filter(v -> v.getName().equals("v1"))
                  .findFirst()
                  .orElseThrow()
                  .getSchema()
                  .getOpenAPIV3Schema()
                  .getProperties())
          .as("the real schema, not the minimal one")
          .containsKey("spec");
      assertThat(client.namespaces().withName("ray").get()).isNotNull();
      assertThat(
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("rayclusters.ray.io")
                  .get())
          .isNotNull();
      assertDiscoveryAndStatusSubresource(client);
    } finally {
      api.close();
    }
  }

  @Test
  void fallsBackToAMinimalCrdWithTheSameBehaviour() {
    MockKubernetesApi api = MockKubernetesApi.startWith(Optional.empty());
    try (KubernetesClient client = api.newClient()) {
      assertThat(api.crdFile()).isEmpty();
      assertDiscoveryAndStatusSubresource(client);
    } finally {
      api.close();
    }
  }

  /** Discovery by apiVersion/kind works, and update() leaves .status to updateStatus(). */
  private static void assertDiscoveryAndStatusSubresource(KubernetesClient client) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        rayClusters = client.genericKubernetesResources("ray.io/v1", "RayCluster");
    GenericKubernetesResource rayCluster = new GenericKubernetesResource();
    rayCluster.setApiVersion("ray.io/v1");
    rayCluster.setKind("RayCluster");
    rayCluster.setMetadata(new ObjectMetaBuilder().withName("probe").withNamespace("ray").build());
    rayCluster.setAdditionalProperty("spec", Map.of("rayVersion", "2.41.0"));
    GenericKubernetesResource created =
        rayClusters.inNamespace("ray").resource(rayCluster).create();

    created.setAdditionalProperty("status", Map.of("state", "ready"));
    GenericKubernetesResource withStatus =
        rayClusters.inNamespace("ray").resource(created).updateStatus();
    withStatus.setAdditionalProperty("status", Map.of("state", "overwritten by update"));
    withStatus.setAdditionalProperty("spec", Map.of("rayVersion", "2.42.0"));
    rayClusters.inNamespace("ray").resource(withStatus).update();

    GenericKubernetesResource stored = rayClusters.inNamespace("ray").withName("probe").get();
    assertThat(stored.getAdditionalProperties().get("status")).isEqualTo(Map.of("state", "ready"));
    assertThat(stored.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("rayVersion", "2.42.0"));
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
  }
}
