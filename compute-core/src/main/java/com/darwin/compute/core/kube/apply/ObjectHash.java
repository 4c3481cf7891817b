package com.darwin.compute.core.kube.apply;

import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The one hash of what the control plane owns in an object, stamped on it as an annotation so an
 * unchanged object is recognised from the live copy without sending anything.
 */
public final class ObjectHash {

  private ObjectHash() {}

  /** SHA-256 of the owned content's JSON, first 16 bytes in hex. */
  public static String of(Object ownedContent) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(ownedContent).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Stamps the hash of the kind's owned content (and any extra annotations) on the object. */
  public static <T extends HasMetadata> T stamp(
      ObjectKind<T> kind, T object, Map<String, String> extraAnnotations) {
    Map<String, String> annotations = new HashMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    annotations.putAll(extraAnnotations);
    annotations.remove(ResourceNames.SPEC_HASH_ANNOTATION);
    object.getMetadata().setAnnotations(annotations);
    annotations.put(ResourceNames.SPEC_HASH_ANNOTATION, of(kind.ownedContent(object)));
    return object;
  }

  /** The hash stamped on an object, or null when there is none (or no object). */
  public static String annotationOf(HasMetadata object) {
    if (object == null || object.getMetadata().getAnnotations() == null) {
      return null;
    }
    return object.getMetadata().getAnnotations().get(ResourceNames.SPEC_HASH_ANNOTATION);
  }
}
