package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Server-side apply with the field manager {@code darwin-compute}. Fields the manifest leaves out
 * (worker {@code replicas} when the Ray autoscaler owns them) stay with their other managers.
 */
public class ServerSideApplier implements ManifestApplier {

  private final String fieldManager;

  public ServerSideApplier(String fieldManager) {
    this.fieldManager = fieldManager;
  }

  @Override
  public ApplyOutcome apply(
      KubernetesClient client, GenericKubernetesResource desired, GenericKubernetesResource live) {
    if (live != null
        && Objects.equals(SpecHash.annotationOf(live), SpecHash.annotationOf(desired))) {
      return ApplyOutcome.UNCHANGED;
    }
    RayClusterKind.in(client)
        .inNamespace(desired.getMetadata().getNamespace())
        .resource(desired)
        .fieldManager(fieldManager)
        .forceConflicts()
        .serverSideApply();
    return live == null ? ApplyOutcome.CREATED : ApplyOutcome.PATCHED;
  }
}
