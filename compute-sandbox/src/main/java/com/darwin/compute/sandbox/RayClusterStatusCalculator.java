package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes a RayCluster {@code .status} the way KubeRay reports it (conditions, replica counts,
 * head info, endpoints), from the spec, the pods that exist and the previous status.
 */
final class RayClusterStatusCalculator {

  /** Where the cluster is in KubeRay's atomic suspend operation. */
  enum SuspendPhase {
    NONE,
    SUSPENDING,
    SUSPENDED
  }

  private RayClusterStatusCalculator() {}

  static Map<String, Object> calculate(
      GenericKubernetesResource rayCluster,
      RayClusterSpecView spec,
      Map<String, Integer> headPorts,
      List<Pod> pods,
      SuspendPhase phase,
      Instant now) {
    Map<String, Object> previous = previousStatus(rayCluster);
    Long generation = rayCluster.getMetadata().getGeneration();
    Pod head =
        pods.stream()
            .filter(
                pod ->
                    KubeRay.HEAD.equals(pod.getMetadata().getLabels().get(KubeRay.NODE_TYPE_LABEL)))
            .findFirst()
            .orElse(null);
    List<Pod> workers =
        pods.stream()
            .filter(
                pod ->
                    KubeRay.WORKER.equals(
                        pod.getMetadata().getLabels().get(KubeRay.NODE_TYPE_LABEL)))
            .toList();
    int readyWorkers = (int) workers.stream().filter(SimulatedKubelet::isRunningAndReady).count();
    int availableWorkers = (int) workers.stream().filter(SimulatedKubelet::isRunning).count();
    int desiredWorkers = spec.desiredWorkerPods();
    boolean headReady = head != null && SimulatedKubelet.isRunningAndReady(head);
    boolean allReady =
        phase == SuspendPhase.NONE
            && headReady
            && workers.size() == desiredWorkers
            && readyWorkers == desiredWorkers;

    Conditions conditions = Conditions.from(previous);
    if (head == null) {
      conditions.set(
          KubeRay.HEAD_POD_READY,
          false,
          KubeRay.HEAD_POD_NOT_FOUND,
          "Head Pod not found",
          generation,
          now);
    } else if (headReady) {
      conditions.set(
          KubeRay.HEAD_POD_READY, true, KubeRay.HEAD_POD_RUNNING_AND_READY, "", generation, now);
    } else {
      // Mirrors the pod's own Ready condition, as KubeRay does.
      String reason =
          SimulatedKubelet.readyCondition(head)
              .map(c -> c.getReason())
              .filter(Objects::nonNull)
              .orElse("HeadPodNotReady");
      String message = SimulatedKubelet.readyCondition(head).map(c -> c.getMessage()).orElse("");
      conditions.set(KubeRay.HEAD_POD_READY, false, reason, message, generation, now);
    }

    boolean wasProvisioned = Conditions.isTrue(previous, KubeRay.PROVISIONED);
    if (phase == SuspendPhase.SUSPENDED) {
      conditions.set(
          KubeRay.PROVISIONED,
          false,
          KubeRay.PODS_PROVISIONING,
          "RayCluster has been suspended",
          generation,
          now);
    } else if (wasProvisioned && phase == SuspendPhase.NONE) {
      // Provisioned never goes back to False except through suspend.
      Map<String, Object> kept = conditions.find(KubeRay.PROVISIONED).orElseThrow();
      conditions.set(
          KubeRay.PROVISIONED,
          true,
          String.valueOf(kept.get("reason")),
          String.valueOf(kept.getOrDefault("message", "")),
          generation,
          now);
    } else if (allReady) {
      conditions.set(
          KubeRay.PROVISIONED,
          true,
          KubeRay.ALL_PODS_READY_FIRST_TIME,
          "All Ray Pods are ready for the first time",
          generation,
          now);
    } else if (!wasProvisioned) {
      conditions.set(
          KubeRay.PROVISIONED,
          false,
          KubeRay.PODS_PROVISIONING,
          "RayCluster Pods are being provisioned for first time",
          generation,
          now);
    }

    switch (phase) {
      case SUSPENDING -> {
        conditions.set(KubeRay.SUSPENDING, true, KubeRay.SUSPENDING, "", generation, now);
      }
      case SUSPENDED -> {
        conditions.set(KubeRay.SUSPENDING, false, KubeRay.SUSPENDING, "", generation, now);
        conditions.set(KubeRay.SUSPENDED, true, KubeRay.SUSPENDED, "", generation, now);
      }
      case NONE -> {
        // Once a suspend happened the conditions stay in the list, as False.
        if (conditions.has(KubeRay.SUSPENDING)) {
          conditions.set(KubeRay.SUSPENDING, false, KubeRay.SUSPENDING, "", generation, now);
        }
        if (conditions.has(KubeRay.SUSPENDED)) {
          conditions.set(KubeRay.SUSPENDED, false, KubeRay.SUSPENDED, "", generation, now);
        }
      }
    }

    Map<String, Object> status = new LinkedHashMap<>();
    Object previousState = previous.get("state");
    String state =
        phase == SuspendPhase.SUSPENDED
            ? KubeRay.STATE_SUSPENDED
            : allReady
                ? KubeRay.STATE_READY
                : previousState == null ? null : previousState.toString();
    if (state != null) {
      status.put("state", state);
    }
    if (!allReady && previous.get("reason") != null) {
      status.put("reason", previous.get("reason"));
    }
    status.put("conditions", conditions.toList());
    status.put("readyWorkerReplicas", readyWorkers);
    status.put("availableWorkerReplicas", availableWorkers);
    status.put("desiredWorkerReplicas", desiredWorkers);
    status.put("minWorkerReplicas", spec.minWorkerPods());
    status.put("maxWorkerReplicas", spec.maxWorkerPods());

    Map<String, Object> headInfo = new LinkedHashMap<>();
    if (head != null) {
      headInfo.put("podName", head.getMetadata().getName());
      if (head.getStatus() != null && head.getStatus().getPodIP() != null) {
        headInfo.put("podIP", head.getStatus().getPodIP());
        // The head Service is headless, so KubeRay reports the pod IP as the service IP.
        headInfo.put("serviceIP", head.getStatus().getPodIP());
      }
    }
    headInfo.put("serviceName", spec.headServiceName());
    status.put("head", headInfo);

    Map<String, Object> endpoints = new LinkedHashMap<>();
    headPorts.forEach((name, port) -> endpoints.put(name, String.valueOf(port)));
    status.put("endpoints", endpoints);

    Map<String, Object> transitions = new LinkedHashMap<>();
    Map<String, Object> previousTransitions = JsonMaps.object(previous, "stateTransitionTimes");
    if (previousTransitions != null) {
      transitions.putAll(previousTransitions);
    }
    if (state != null && !state.equals(previousState)) {
      transitions.put(state, SimulatedKubelet.time(now));
    }
    if (!transitions.isEmpty()) {
      status.put("stateTransitionTimes", transitions);
    }
    if (generation != null) {
      status.put("observedGeneration", generation);
    }
    // lastUpdateTime is added by the writer, so that it does not count as a change.
    return status;
  }

  static Map<String, Object> previousStatus(GenericKubernetesResource rayCluster) {
    Map<String, Object> status = JsonMaps.object(rayCluster.getAdditionalProperties(), "status");
    return status == null ? Map.of() : status;
  }

  /** Equal apart from {@code lastUpdateTime}, after a JSON round trip of numbers. */
  static boolean sameStatus(Map<String, Object> stored, Map<String, Object> computed) {
    return Objects.equals(normalize(stored), normalize(computed));
  }

  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (key, item) -> {
            if (!"lastUpdateTime".equals(key)) {
              copy.put(String.valueOf(key), normalize(item));
            }
          });
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RayClusterStatusCalculator::normalize).toList();
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    return value;
  }
}
