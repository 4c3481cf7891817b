package com.darwin.compute.core.kube;

import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** The hash of what the control plane owns in a RayCluster: its labels and spec. */
public final class SpecHash {

  private SpecHash() {}

  public static String of(GenericKubernetesResource resource) {
    Map<String, Object> owned = new HashMap<>();
    owned.put("labels", resource.getMetadata().getLabels());
    owned.put("spec", resource.getAdditionalProperties().get("spec"));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(owned).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stamps the hash (and any extra annotations) on the resource and returns it. */
  public static GenericKubernetesResource stamp(
      GenericKubernetesResource resource, Map<String, String> extraAnnotations) {
    Map<String, String> annotations = new HashMap<>();
    if (resource.getMetadata().getAnnotations() != null) {
      annotations.putAll(resource.getMetadata().getAnnotations());
    }
    annotations.putAll(extraAnnotations);
    annotations.put(ResourceNames.SPEC_HASH_ANNOTATION, of(resource));
    resource.getMetadata().setAnnotations(annotations);
    return resource;
  }

  public static String annotationOf(GenericKubernetesResource resource) {
    if (resource == null || resource.getMetadata().getAnnotations() == null) {
      return null;
    }
    return resource.getMetadata().getAnnotations().get(ResourceNames.SPEC_HASH_ANNOTATION);
  }
}
