package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Create, or replace the labels, annotations and spec of the live object. For API servers without
 * server-side apply (the sandbox's mock server). Worker {@code replicas} the manifest leaves out
 * are carried over from the live object, so the Ray autoscaler's choice survives, as it would with
 * server-side apply.
 */
public class UpdateApplier implements ManifestApplier {

  @Override
  public ApplyOutcome apply(
      KubernetesClient client, GenericKubernetesResource desired, GenericKubernetesResource live) {
    if (live != null
        && Objects.equals(SpecHash.annotationOf(live), SpecHash.annotationOf(desired))) {
      return ApplyOutcome.UNCHANGED;
    }
    var resources = RayClusterKind.in(client).inNamespace(desired.getMetadata().getNamespace());
    if (live == null) {
      try {
        resources.resource(desired).create();
        return ApplyOutcome.CREATED;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // It exists and the informer had not seen it yet (a pass right after our own create):
        // compare with the real object before writing anything.
        GenericKubernetesResource current =
            resources.withName(desired.getMetadata().getName()).get();
        if (current != null
            && Objects.equals(SpecHash.annotationOf(current), SpecHash.annotationOf(desired))) {
          return ApplyOutcome.UNCHANGED;
        }
      }
    }
    resources
        .withName(desired.getMetadata().getName())
        .edit(
            current -> {
              current.getMetadata().setLabels(desired.getMetadata().getLabels());
              Map<String, String> annotations = new HashMap<>();
              if (current.getMetadata().getAnnotations() != null) {
                annotations.putAll(current.getMetadata().getAnnotations());
              }
              annotations.putAll(desired.getMetadata().getAnnotations());
              current.getMetadata().setAnnotations(annotations);
              current.setAdditionalProperty(
                  "spec", keepUnownedReplicas(desired, current.getAdditionalProperties()));
              return current;
            });
    return ApplyOutcome.PATCHED;
  }

  @SuppressWarnings("unchecked")
  private static Object keepUnownedReplicas(
      GenericKubernetesResource desired, Map<String, Object> current) {
    Map<String, Object> desiredSpec =
        Serialization.unmarshal(
            Serialization.asJson(desired.getAdditionalProperties().get("spec")), Map.class);
    Object currentSpec = current.get("spec");
    if (!(currentSpec instanceof Map<?, ?> liveSpec)) {
      return desiredSpec;
    }
    Map<String, Integer> liveReplicas = new HashMap<>();
    if (liveSpec.get("workerGroupSpecs") instanceof List<?> liveGroups) {
      for (Object g : liveGroups) {
        Map<String, Object> group = (Map<String, Object>) g;
        if (group.get("replicas") instanceof Number n) {
          liveReplicas.put(String.valueOf(group.get("groupName")), n.intValue());
        }
      }
    }
    if (desiredSpec.get("workerGroupSpecs") instanceof List<?> groups) {
      for (Object g : groups) {
        Map<String, Object> group = (Map<String, Object>) g;
        Integer kept = liveReplicas.get(String.valueOf(group.get("groupName")));
        if (!group.containsKey("replicas") && kept != null) {
          group.put("replicas", kept);
        }
      }
    }
    return desiredSpec;
  }
}
