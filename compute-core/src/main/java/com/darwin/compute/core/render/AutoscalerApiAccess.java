package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API token of a cluster's pods goes to the Ray autoscaler alone. For an autoscaling
 * cluster KubeRay binds a Role to the head's service account that may patch every RayCluster and
 * pod of the namespace; that account is the instance role's, shared by every cluster on it. With
 * the token mounted in every container, code in any Ray or Jupyter container could patch a
 * RayCluster to mount any Secret of the namespace, or change other users' pods. So no Ray pod
 * mounts the token ({@code automountServiceAccountToken: false}), and the head of an autoscaling
 * cluster carries the same projected volume Kubernetes would have mounted, mounted only into the
 * autoscaler's sidecar (KubeRay's {@code autoscalerOptions.volumeMounts}). Cloud credentials (IRSA,
 * workload identity) come through their own projected token and are not affected.
 */
final class AutoscalerApiAccess {

  static final String VOLUME = "autoscaler-kube-api-access";

  /** Where in-cluster Kubernetes clients look for the token, CA and namespace. */
  static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** As the kubelet's own projected token: rotated, an hour (plus the kubelet's jitter). */
  private static final long TOKEN_SECONDS = 3607L;

  private AutoscalerApiAccess() {}

  /** The token, the cluster's CA and the pod's namespace, as Kubernetes projects them. */
  static Volume volume() {
    return new VolumeBuilder()
        .withName(VOLUME)
        .withNewProjected()
        .addNewSource()
        .withNewServiceAccountToken()
        .withPath("token")
        .withExpirationSeconds(TOKEN_SECONDS)
        .endServiceAccountToken()
        .endSource()
        .addNewSource()
        .withNewConfigMap()
        .withName("kube-root-ca.crt")
        .addNewItem()
        .withKey("ca.crt")
        .withPath("ca.crt")
        .endItem()
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewDownwardAPI()
        .addNewItem()
        .withPath("namespace")
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endItem()
        .endDownwardAPI()
        .endSource()
        .endProjected()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(VOLUME)
        .withMountPath(MOUNT_PATH)
        .withReadOnly(true)
        .build();
  }

  /** The RayCluster's {@code autoscalerOptions}: the sidecar mounts the token. */
  static Map<String, Object> autoscalerOptions() {
    Map<String, Object> mount = new LinkedHashMap<>();
    mount.put("name", VOLUME);
    mount.put("mountPath", MOUNT_PATH);
    mount.put("readOnly", true);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("volumeMounts", List.of(mount));
    return options;
  }
}
