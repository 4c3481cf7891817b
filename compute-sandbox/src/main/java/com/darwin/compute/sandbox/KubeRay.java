package com.darwin.compute.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names, labels and condition vocabulary of the real KubeRay operator (facts from its documentation
 * and CRD), so the simulator produces objects a control plane cannot tell apart.
 */
final class KubeRay {

  private KubeRay() {}

  // Pod and Service labels.
  static final String CLUSTER_LABEL = "ray.io/cluster";
  static final String NODE_TYPE_LABEL = "ray.io/node-type";
  static final String GROUP_LABEL = "ray.io/group";
  static final String IS_RAY_NODE_LABEL = "ray.io/is-ray-node";
  static final String IDENTIFIER_LABEL = "ray.io/identifier";
  static final String APP_NAME_LABEL = "app.kubernetes.io/name";
  static final String CREATED_BY_LABEL = "app.kubernetes.io/created-by";
  static final String APP_NAME = "kuberay";
  static final String CREATED_BY = "kuberay-operator";
  static final String HEAD = "head";
  static final String WORKER = "worker";
  static final String HEAD_GROUP = "headgroup";

  // Condition types and reasons (RayCluster .status.conditions).
  static final String HEAD_POD_READY = "HeadPodReady";
  static final String PROVISIONED = "RayClusterProvisioned";
  static final String SUSPENDING = "RayClusterSuspending";
  static final String SUSPENDED = "RayClusterSuspended";
  static final String HEAD_POD_RUNNING_AND_READY = "HeadPodRunningAndReady";
  static final String HEAD_POD_NOT_FOUND = "HeadPodNotFound";
  static final String PODS_PROVISIONING = "RayClusterPodsProvisioning";
  static final String ALL_PODS_READY_FIRST_TIME = "AllPodRunningAndReadyFirstTime";

  static final String STATE_READY = "ready";
  static final String STATE_SUSPENDED = "suspended";

  /** The container KubeRay treats as the Ray container: the first one. */
  static final int RAY_CONTAINER_INDEX = 0;

  static final String JUPYTER_CONTAINER = "jupyter";

  /** Default head ports by name, used when the Ray container declares no named port. */
  static Map<String, Integer> defaultPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("client", 10001);
    ports.put("dashboard", 8265);
    ports.put("gcs-server", 6379);
    return ports;
  }

  static final String METRICS_PORT_NAME = "metrics";
  static final int METRICS_PORT = 8080;

  static String headServiceName(String cluster) {
    return cluster + "-head-svc";
  }

  static String headPodPrefix(String cluster) {
    return cluster + "-head-";
  }

  static String workerPodPrefix(String cluster, String group) {
    String prefix = cluster + "-" + group + "-worker";
    // KubeRay truncates the prefix so the generated name stays within limits.
    return (prefix.length() > 50 ? prefix.substring(0, 50) : prefix) + "-";
  }

  static Map<String, String> headLabels(String cluster) {
    Map<String, String> labels = commonLabels(cluster);
    labels.put(NODE_TYPE_LABEL, HEAD);
    labels.put(GROUP_LABEL, HEAD_GROUP);
    labels.put(IDENTIFIER_LABEL, cluster + "-" + HEAD);
    return labels;
  }

  static Map<String, String> workerLabels(String cluster, String group) {
    Map<String, String> labels = commonLabels(cluster);
    labels.put(NODE_TYPE_LABEL, WORKER);
    labels.put(GROUP_LABEL, group);
    labels.put(IDENTIFIER_LABEL, cluster + "-" + WORKER);
    return labels;
  }

  private static Map<String, String> commonLabels(String cluster) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CLUSTER_LABEL, cluster);
    labels.put(IS_RAY_NODE_LABEL, "yes");
    labels.put(APP_NAME_LABEL, APP_NAME);
    labels.put(CREATED_BY_LABEL, CREATED_BY);
    return labels;
  }
}
