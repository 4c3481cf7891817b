package com.darwin.compute.core.kube;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Applies what a RayCluster's pods mount, before the RayCluster itself.
 *
 * <ul>
 *   <li>ConfigMaps: server-side apply with the control plane's field manager (or create/update on
 *       the mock API), only when their content or owner changed. The informers do not watch
 *       ConfigMaps, so what was last applied is remembered here, per target; a RayCluster about to
 *       be (re)created always gets its ConfigMaps applied again, which also repairs any that were
 *       deleted meanwhile.
 *   <li>Workspace claims: created when missing, never updated (a bound claim's spec is immutable)
 *       and never deleted: they outlive clusters.
 * </ul>
 */
@Component
public class DependentObjectsApplier {

  private final KubernetesProperties properties;
  private final Map<String, String> appliedConfigMaps = new ConcurrentHashMap<>();
  private final Set<String> knownClaims = ConcurrentHashMap.newKeySet();

  public DependentObjectsApplier(KubernetesProperties properties) {
    this.properties = properties;
  }

  /**
   * @param rayClusterExists false when the RayCluster is about to be created: everything is then
   *     applied regardless of what was applied before
   * @return how many objects were written
   */
  public int apply(
      KubernetesTarget target,
      List<PersistentVolumeClaim> claims,
      List<ConfigMap> configMaps,
      boolean rayClusterExists) {
    int written = 0;
    for (PersistentVolumeClaim claim : claims) {
      if (ensureClaim(target, claim)) {
        written++;
      }
    }
    for (ConfigMap configMap : configMaps) {
      String key =
          key(target, configMap.getMetadata().getNamespace(), configMap.getMetadata().getName());
      String hash = hash(configMap);
      if (rayClusterExists && hash.equals(appliedConfigMaps.get(key))) {
        continue;
      }
      applyConfigMap(target.client(), configMap);
      appliedConfigMaps.put(key, hash);
      written++;
    }
    return written;
  }

  private void applyConfigMap(KubernetesClient client, ConfigMap configMap) {
    var resource =
        client.configMaps().inNamespace(configMap.getMetadata().getNamespace()).resource(configMap);
    if (properties.applyMode() == ApplyMode.SERVER_SIDE) {
      resource.fieldManager(properties.fieldManager()).forceConflicts().serverSideApply();
    } else {
      resource.createOr(NonDeletingOperation::update);
    }
  }

  /**
   * @return true when the claim had to be created
   */
  private boolean ensureClaim(KubernetesTarget target, PersistentVolumeClaim claim) {
    String namespace = claim.getMetadata().getNamespace();
    String key = key(target, namespace, claim.getMetadata().getName());
    if (knownClaims.contains(key)) {
      return false;
    }
    var claims = target.client().persistentVolumeClaims().inNamespace(namespace);
    boolean created = false;
    if (claims.withName(claim.getMetadata().getName()).get() == null) {
      try {
        claims.resource(claim).create();
        created = true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) { // created meanwhile by another cluster's reconcile: fine
          throw e;
        }
      }
    }
    knownClaims.add(key);
    return created;
  }

  private static String key(KubernetesTarget target, String namespace, String name) {
    return target.name() + "/" + namespace + "/" + name;
  }

  /** What the control plane owns in a ConfigMap: labels, owners and data. */
  static String hash(ConfigMap configMap) {
    Map<String, Object> owned = new LinkedHashMap<>();
    owned.put("labels", configMap.getMetadata().getLabels());
    owned.put("owners", configMap.getMetadata().getOwnerReferences());
    owned.put("data", configMap.getData() == null ? null : new TreeMap<>(configMap.getData()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(owned).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
