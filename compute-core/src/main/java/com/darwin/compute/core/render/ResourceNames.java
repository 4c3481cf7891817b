package com.darwin.compute.core.render;

/**
 * Owns every name and label key the control plane generates, so a change of scheme happens in one
 * place. The {@code -kuberay} suffix keeps the Python service's object names ({@code
 * {cluster_id}-kuberay}, head service {@code {cluster_id}-kuberay-head-svc}) that users' kubectl
 * habits and the proxy routes rely on.
 */
public final class ResourceNames {

  /** KubeRay rejects RayCluster names longer than this. */
  public static final int MAX_RAY_CLUSTER_NAME = 53;

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "darwin-compute";
  public static final String CLUSTER_ID_LABEL = "darwin.io/cluster-id";
  public static final String USER_LABEL = "darwin.io/user";
  public static final String SPEC_HASH_ANNOTATION = "darwin.io/spec-hash";
  public static final String KUBERAY_CLUSTER_LABEL = "ray.io/cluster";
  public static final String KUBERAY_NODE_TYPE_LABEL = "ray.io/node-type";
  public static final String KUBERAY_GROUP_LABEL = "ray.io/group";

  public static final String RAY_HEAD_CONTAINER = "ray-head";
  public static final String RAY_WORKER_CONTAINER = "ray-worker";
  public static final String JUPYTER_CONTAINER = "jupyter";

  private ResourceNames() {}

  public static String rayCluster(String clusterId) {
    return clusterId + "-kuberay";
  }

  public static String headService(String clusterId) {
    return rayCluster(clusterId) + "-head-svc";
  }

  /** The Python service's group names: {@code wg} for the first group, then {@code wg1..}. */
  public static String workerGroup(int index) {
    return index == 0 ? "wg" : "wg" + index;
  }

  /** The cluster id a managed object belongs to, from its name, or null when not ours. */
  public static String clusterIdOfRayCluster(String rayClusterName) {
    return rayClusterName != null && rayClusterName.endsWith("-kuberay")
        ? rayClusterName.substring(0, rayClusterName.length() - "-kuberay".length())
        : null;
  }

  /**
   * The cluster id in the name of an object KubeRay derives from ours ({@code
   * {id}-kuberay-head-abcde}, {@code {id}-kuberay-wg-worker-abcde}, {@code {id}-kuberay}), or null.
   */
  public static String clusterIdOfObjectName(String name) {
    if (name == null || !name.startsWith("id-")) {
      return null;
    }
    int at = name.indexOf("-kuberay");
    return at > 0 ? name.substring(0, at) : null;
  }

  /**
   * A label value from free text (an e-mail address, say): characters Kubernetes does not allow
   * become {@code _}, and the result is cut to 63 characters and trimmed to alphanumeric ends.
   */
  public static String labelValue(String text) {
    if (text == null) {
      return "";
    }
    String replaced = text.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (replaced.length() > 63) {
      replaced = replaced.substring(0, 63);
    }
    return replaced.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
