package com.darwin.compute.api;

import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.Map;

/**
 * RayClusters labelled as managed by Darwin Compute that no database of the test knows, as another
 * installation sharing the namespace would leave them.
 */
final class OrphanRayClusters {

  private OrphanRayClusters() {}

  /** Creates {@code <clusterId>-kuberay} in the sandbox's namespace, with a minimal spec. */
  static void create(Sandbox sandbox, String clusterId) {
    RayClusterKind.in(sandbox.kubernetes().client())
        .inNamespace("ray")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("ray.io/v1")
                .withKind("RayCluster")
                .withNewMetadata()
                .withName(clusterId + "-kuberay")
                .withLabels(
                    Map.of(
                        "app.kubernetes.io/managed-by",
                        "darwin-compute",
                        "darwin.io/cluster-id",
                        clusterId))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("headGroupSpec", Map.of())))
                .build())
        .create();
  }
}
