package com.darwin.compute.core.manifest;

import com.darwin.compute.core.render.EnvironmentVariables;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one cluster, in apply order, as YAML or as plain JSON-shaped maps.
 *
 * @param clusterId null for a preview (the objects then carry {@code
 *     ResourceNames.PREVIEW_CLUSTER_ID})
 */
public record ClusterManifest(String clusterId, List<HasMetadata> objects) {

  public ClusterManifest {
    objects = List.copyOf(objects);
  }

  /** A multi-document YAML stream, one document per object, as {@code kubectl apply -f} takes. */
  public String yaml() {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      String doc = Serialization.asYaml(object);
      yaml.append(doc.startsWith("---") ? doc : "---\n" + doc);
      if (!doc.endsWith("\n")) {
        yaml.append('\n');
      }
    }
    return yaml.toString();
  }

  /**
   * The objects as maps, converted by fabric8's own (Jackson 2) serialization: quantities, int-or-
   * string ports and the RayCluster's untyped spec come out as Kubernetes writes them, whichever
   * JSON library writes the HTTP response.
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> asMaps() {
    return objects.stream()
        .map(o -> (Map<String, Object>) Serialization.unmarshal(Serialization.asJson(o), Map.class))
        .toList();
  }

  /**
   * The same objects with the plain values of credential-looking variables ({@code *_TOKEN*},
   * {@code *PASSWORD*}...) masked, for readers other than the owner. Values read from Secrets
   * ({@code valueFrom}) are references, not secrets, and stay.
   */
  public ClusterManifest maskingCredentials() {
    List<HasMetadata> masked = new ArrayList<>();
    for (Map<String, Object> object : asMaps()) {
      mask(object);
      masked.add(
          Serialization.unmarshal(Serialization.asJson(object), GenericKubernetesResource.class));
    }
    return new ClusterManifest(clusterId, masked);
  }

  @SuppressWarnings("unchecked")
  private static void mask(Object node) {
    if (node instanceof Map<?, ?> map) {
      if (map.get("env") instanceof List<?> env) {
        for (Object entry : env) {
          if (entry instanceof Map<?, ?> variable
              && variable.get("name") instanceof String name
              && variable.get("value") instanceof String value
              && !value.isEmpty()
              && EnvironmentVariables.looksLikeCredential(name)) {
            ((Map<String, Object>) variable).put("value", EnvironmentVariables.MASK);
          }
        }
      }
      map.values().forEach(ClusterManifest::mask);
    } else if (node instanceof List<?> list) {
      list.forEach(ClusterManifest::mask);
    }
  }
}
