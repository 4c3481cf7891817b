package com.darwin.compute.core.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Owns every name, label and annotation key the control plane generates, so a change of scheme
 * happens in one place. The {@code -kuberay} suffix keeps the Python service's object names ({@code
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

  /** On workspace claims: whose workspace it is (owner or project, as a label value). */
  public static final String WORKSPACE_LABEL = "darwin.io/workspace";

  public static final String SPEC_HASH_ANNOTATION = "darwin.io/spec-hash";
  public static final String RESTART_GENERATION_ANNOTATION = "darwin.io/restart-generation";

  /**
   * On pod templates: a hash of the ConfigMaps the pods mount, so a change of their content is a
   * change of the RayCluster spec (and restarts pods on an edit, like any template change).
   */
  public static final String CONFIG_HASH_ANNOTATION = "darwin.io/config-hash";

  public static final String KUBERAY_CLUSTER_LABEL = "ray.io/cluster";
  public static final String KUBERAY_NODE_TYPE_LABEL = "ray.io/node-type";
  public static final String KUBERAY_GROUP_LABEL = "ray.io/group";

  public static final String RAY_HEAD_CONTAINER = "ray-head";
  public static final String RAY_WORKER_CONTAINER = "ray-worker";
  public static final String JUPYTER_CONTAINER = "jupyter";

  // Volume names. KubeRay injects "shared-mem" (/dev/shm) and "ray-logs" (/tmp/ray): not reused.
  public static final String WORKSPACE_VOLUME = "workspace";
  public static final String SCRATCH_VOLUME = "scratch-disk";
  public static final String INIT_SCRIPT_VOLUME = "init-script";
  public static final String SPARK_CONF_VOLUME = "spark-conf";

  // ConfigMap keys.
  public static final String INIT_SCRIPT_KEY = "init.sh";
  public static final String INIT_RUNNER_KEY = "run-init.sh";
  public static final String SPARK_DEFAULTS_KEY = "spark-defaults.conf";

  /**
   * The cluster id a preview is rendered with: a cluster has no id before it is created. Same
   * length as a real id, so every generated name is checked at its real length.
   */
  public static final String PREVIEW_CLUSTER_ID = "id-preview000000000";

  private static final Pattern NOT_LABEL_CHAR = Pattern.compile("[^A-Za-z0-9_.-]");
  private static final Pattern LEADING_NON_ALNUM = Pattern.compile("^[^A-Za-z0-9]+");
  private static final Pattern TRAILING_NON_ALNUM = Pattern.compile("[^A-Za-z0-9]+$");
  private static final Pattern NOT_DNS_CHARS = Pattern.compile("[^a-z0-9]+");
  private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");

  private ResourceNames() {}

  public static String rayCluster(String clusterId) {
    return clusterId + "-kuberay";
  }

  public static String headService(String clusterId) {
    return rayCluster(clusterId) + "-head-svc";
  }

  public static String initScriptConfigMap(String clusterId) {
    return rayCluster(clusterId) + "-init";
  }

  public static String sparkConfigMap(String clusterId) {
    return rayCluster(clusterId) + "-spark";
  }

  /** The NetworkPolicy that admits to a cluster's pods only its own pods and the platform's. */
  public static String isolationPolicy(String clusterId) {
    return rayCluster(clusterId) + "-isolation";
  }

  /** The Python service's group names: {@code wg} for the first group, then {@code wg1..}. */
  public static String workerGroup(int index) {
    return index == 0 ? "wg" : "wg" + index;
  }

  /**
   * The workspace claim of an owner or project: stable (the same key always gives the same name,
   * unlike the Python service's random {@code fsx-claim-N}), readable, and distinct for keys that
   * read alike ({@code a.b@x} and {@code a-b@x}) thanks to a hash of the exact key.
   */
  public static String workspaceClaim(String prefix, String scope, String key) {
    String slug = NOT_DNS_CHARS.matcher(key.toLowerCase(Locale.ROOT)).replaceAll("-");
    slug = EDGE_DASHES.matcher(slug).replaceAll("");
    if (slug.length() > 30) {
      slug = EDGE_DASHES.matcher(slug.substring(0, 30)).replaceAll("");
    }
    return prefix
        + "-"
        + scope
        + "-"
        + (slug.isEmpty() ? "" : slug + "-")
        + shortHash(scope + ":" + key);
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
    String replaced = NOT_LABEL_CHAR.matcher(text).replaceAll("_");
    if (replaced.length() > 63) {
      replaced = replaced.substring(0, 63);
    }
    replaced = LEADING_NON_ALNUM.matcher(replaced).replaceAll("");
    return TRAILING_NON_ALNUM.matcher(replaced).replaceAll("");
  }

  /** The first 8 hex digits of the SHA-256 of the text. */
  static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
