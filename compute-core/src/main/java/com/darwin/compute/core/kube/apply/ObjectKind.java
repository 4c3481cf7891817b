package com.darwin.compute.core.kube.apply;

import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One kind of object the control plane applies: how to address it, what of it the control plane
 * owns (hashed to recognise an unchanged object), and which live fields other managers own and an
 * update must carry over (only needed where server-side apply is not available).
 *
 * @param name the kind's name, for logs and metrics
 * @param operations the kind's API operations on a client
 * @param owned what of an object the control plane owns
 * @param policy whether existing objects are kept as rendered or left alone
 * @param carryOver copies fields owned by others from the live object (JSON map, second argument)
 *     into the object about to replace it (first argument); used by the update apply mode, and by a
 *     server-side apply of a kind whose schema has atomic lists others write into ({@link
 *     #appliedOverLive()})
 */
public record ObjectKind<T extends HasMetadata>(
    String name,
    Function<KubernetesClient, MixedOperation<T, ?, ? extends Resource<T>>> operations,
    Function<T, Object> owned,
    UpdatePolicy policy,
    BiConsumer<Map<String, Object>, Map<String, Object>> carryOver) {

  /** The KubeRay RayCluster: labels and spec; worker replicas are the Ray autoscaler's. */
  public static final ObjectKind<GenericKubernetesResource> RAY_CLUSTER =
      new ObjectKind<>(
          "RayCluster",
          RayClusterKind::in,
          cluster -> {
            // The same content and map type as the hash stamped before this class existed, so
            // live clusters are not all re-applied once after an upgrade.
            Map<String, Object> owned = new HashMap<>();
            owned.put("labels", cluster.getMetadata().getLabels());
            owned.put("spec", cluster.getAdditionalProperties().get("spec"));
            return owned;
          },
          UpdatePolicy.KEEP_AS_RENDERED,
          ObjectKind::keepAutoscaledReplicas);

  public static final ObjectKind<ConfigMap> CONFIG_MAP =
      new ObjectKind<>(
          "ConfigMap",
          KubernetesClient::configMaps,
          configMap ->
              metadataAnd(
                  configMap,
                  "data",
                  configMap.getData() == null ? null : new TreeMap<>(configMap.getData())),
          UpdatePolicy.KEEP_AS_RENDERED,
          (desired, live) -> {});

  public static final ObjectKind<Secret> SECRET =
      new ObjectKind<>(
          "Secret",
          KubernetesClient::secrets,
          secret ->
              metadataAnd(
                  secret,
                  "data",
                  secret.getData() == null ? null : new TreeMap<>(secret.getData())),
          UpdatePolicy.KEEP_AS_RENDERED,
          (desired, live) -> {});

  public static final ObjectKind<PersistentVolumeClaim> PERSISTENT_VOLUME_CLAIM =
      new ObjectKind<>(
          "PersistentVolumeClaim",
          KubernetesClient::persistentVolumeClaims,
          claim -> metadataAnd(claim, "spec", claim.getSpec()),
          UpdatePolicy.CREATE_ONLY,
          (desired, live) -> {});

  public static final ObjectKind<Deployment> DEPLOYMENT =
      new ObjectKind<>(
          "Deployment",
          client -> client.apps().deployments(),
          deployment -> metadataAnd(deployment, "spec", deployment.getSpec()),
          UpdatePolicy.KEEP_AS_RENDERED,
          (desired, live) -> {});

  /** A Service: the API server assigns the cluster IP, which an update must keep. */
  public static final ObjectKind<Service> SERVICE =
      new ObjectKind<>(
          "Service",
          KubernetesClient::services,
          service -> metadataAnd(service, "spec", service.getSpec()),
          UpdatePolicy.KEEP_AS_RENDERED,
          ObjectKind::keepAssignedClusterIp);

  /** A NetworkPolicy (who may reach a Jupyter server). */
  public static final ObjectKind<NetworkPolicy> NETWORK_POLICY =
      new ObjectKind<>(
          "NetworkPolicy",
          client -> client.network().v1().networkPolicies(),
          policy -> metadataAnd(policy, "spec", policy.getSpec()),
          UpdatePolicy.KEEP_AS_RENDERED,
          (desired, live) -> {});

  public Object ownedContent(T object) {
    return owned.apply(object);
  }

  private static Map<String, Object> metadataAnd(HasMetadata object, String field, Object value) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("labels", sorted(object.getMetadata().getLabels()));
    content.put("owners", object.getMetadata().getOwnerReferences());
    // The annotations it renders are the control plane's too (a history server's Deployment names
    // the start it was applied for in one: a new start with the same spec must still write it).
    // Left out when there are none, so such objects keep the hash they were stamped with before.
    // (So an annotation must not change on every render, or every apply would write.)
    Map<String, String> annotations = renderedAnnotations(object);
    if (!annotations.isEmpty()) {
      content.put("annotations", annotations);
    }
    content.put(field, value);
    return content;
  }

  private static Map<String, String> renderedAnnotations(HasMetadata object) {
    Map<String, String> annotations = new TreeMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    annotations.remove(ResourceNames.SPEC_HASH_ANNOTATION);
    return annotations;
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? null : new TreeMap<>(map);
  }

  /**
   * Whether a server-side apply must carry fields others own over from the live object too: the
   * RayCluster, whose {@code workerGroupSpecs} KubeRay's schema leaves atomic (no list type), so a
   * forced apply replaces the list whole, the autoscaler's counts in it included. Other kinds'
   * fields others own (a Service's assigned address) stay theirs under server-side apply.
   */
  public boolean appliedOverLive() {
    return name.equals("RayCluster");
  }

  @SuppressWarnings("unchecked")
  private static void keepAutoscaledReplicas(
      Map<String, Object> desired, Map<String, Object> live) {
    if (!(desired.get("spec") instanceof Map<?, ?> desiredSpec)
        || !(live.get("spec") instanceof Map<?, ?> liveSpec)) {
      return;
    }
    Map<String, Map<String, Object>> liveGroups = new HashMap<>();
    if (liveSpec.get("workerGroupSpecs") instanceof List<?> groups) {
      for (Object g : groups) {
        Map<String, Object> group = (Map<String, Object>) g;
        liveGroups.put(String.valueOf(group.get("groupName")), group);
      }
    }
    if (desiredSpec.get("workerGroupSpecs") instanceof List<?> groups) {
      for (Object g : groups) {
        Map<String, Object> group = (Map<String, Object>) g;
        Map<String, Object> running = liveGroups.get(String.valueOf(group.get("groupName")));
        if (running == null || group.containsKey("replicas")) {
          continue; // counts rendered: the autoscaler is off for this cluster
        }
        if (running.get("replicas") instanceof Number n) {
          group.put("replicas", n.intValue());
        }
        // The workers the autoscaler asked KubeRay to remove: dropped, they ran on.
        if (running.get("scaleStrategy") != null && !group.containsKey("scaleStrategy")) {
          group.put("scaleStrategy", running.get("scaleStrategy"));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void keepAssignedClusterIp(Map<String, Object> desired, Map<String, Object> live) {
    if (desired.get("spec") instanceof Map<?, ?> desiredSpec
        && live.get("spec") instanceof Map<?, ?> liveSpec) {
      Map<String, Object> spec = (Map<String, Object>) desiredSpec;
      for (String assigned : List.of("clusterIP", "clusterIPs")) {
        if (!spec.containsKey(assigned) && liveSpec.get(assigned) != null) {
          spec.put(assigned, liveSpec.get(assigned));
        }
      }
    }
  }
}
