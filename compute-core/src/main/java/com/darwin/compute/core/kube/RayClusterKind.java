package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The KubeRay {@code RayCluster} kind, addressed without API discovery so a missing CRD shows up as
 * a clear 404 on use rather than a start-up failure.
 */
public final class RayClusterKind {

  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup("ray.io")
          .withVersion("v1")
          .withKind("RayCluster")
          .withPlural("rayclusters")
          .withNamespaced(true)
          .build();

  private RayClusterKind() {}

  public static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      in(KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT);
  }
}
