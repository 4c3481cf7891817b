package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a RayCluster spec the simulator acts on, read from the untyped resource.
 *
 * @param problems what KubeRay's validation would reject; the simulator then creates nothing
 */
record RayClusterSpecView(
    boolean suspend,
    Map<String, Object> headTemplate,
    String headServiceName,
    List<WorkerGroup> workerGroups,
    List<String> problems) {

  /**
   * One entry of {@code spec.workerGroupSpecs}.
   *
   * @param replicas already defaulted to {@code minReplicas} when absent (not yet clamped)
   */
  record WorkerGroup(
      String name,
      int replicas,
      int minReplicas,
      int maxReplicas,
      int numOfHosts,
      boolean suspended,
      Map<String, Object> template,
      Set<String> workersToDelete) {

    /** clamp(replicas, min, max) x numOfHosts; 0 for a suspended group. */
    int desiredPods() {
      if (suspended) {
        return 0;
      }
      int clamped = Math.min(maxReplicas, Math.max(minReplicas, replicas));
      return Math.max(0, clamped) * numOfHosts;
    }
  }

  static RayClusterSpecView of(GenericKubernetesResource rayCluster) {
    String cluster = rayCluster.getMetadata().getName();
    Map<String, Object> spec = JsonMaps.object(rayCluster.getAdditionalProperties(), "spec");
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return new RayClusterSpecView(
          false, null, KubeRay.headServiceName(cluster), List.of(), problems);
    }
    Map<String, Object> headGroup = JsonMaps.object(spec, "headGroupSpec");
    Map<String, Object> headTemplate = JsonMaps.object(headGroup, "template");
    if (!hasContainers(headTemplate)) {
      problems.add("spec.headGroupSpec.template.spec.containers must not be empty");
    }
    String serviceName =
        JsonMaps.string(
            JsonMaps.object(JsonMaps.object(headGroup, "headService"), "metadata"), "name");
    List<WorkerGroup> groups = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Object item : JsonMaps.list(spec, "workerGroupSpecs")) {
      String name = JsonMaps.string(item, "groupName");
      if (name == null || name.isBlank()) {
        problems.add("every workerGroupSpecs entry needs a groupName");
        continue;
      }
      if (!names.add(name)) {
        problems.add("duplicate worker group " + name);
      }
      int min = orDefault(JsonMaps.integer(item, "minReplicas"), 0);
      int max = orDefault(JsonMaps.integer(item, "maxReplicas"), Integer.MAX_VALUE);
      int replicas = orDefault(JsonMaps.integer(item, "replicas"), min);
      int hosts = orDefault(JsonMaps.integer(item, "numOfHosts"), 1);
      if (min > max) {
        problems.add("worker group " + name + ": minReplicas " + min + " > maxReplicas " + max);
      }
      if (hosts < 1) {
        problems.add("worker group " + name + ": numOfHosts must be at least 1");
      }
      Map<String, Object> template = JsonMaps.object(item, "template");
      if (!hasContainers(template)) {
        problems.add("worker group " + name + ": template.spec.containers must not be empty");
      }
      Set<String> toDelete = new LinkedHashSet<>();
      JsonMaps.list(JsonMaps.object(item, "scaleStrategy"), "workersToDelete")
          .forEach(pod -> toDelete.add(String.valueOf(pod)));
      groups.add(
          new WorkerGroup(
              name,
              replicas,
              min,
              max,
              Math.max(1, hosts),
              JsonMaps.isTrue(item, "suspend"),
              template,
              toDelete));
    }
    return new RayClusterSpecView(
        JsonMaps.isTrue(spec, "suspend"),
        headTemplate,
        serviceName != null && !serviceName.isBlank()
            ? serviceName
            : KubeRay.headServiceName(cluster),
        List.copyOf(groups),
        List.copyOf(problems));
  }

  Optional<WorkerGroup> group(String name) {
    return workerGroups.stream().filter(group -> group.name().equals(name)).findFirst();
  }

  int desiredWorkerPods() {
    return workerGroups.stream().mapToInt(WorkerGroup::desiredPods).sum();
  }

  int minWorkerPods() {
    return saturate(
        workerGroups.stream()
            .filter(group -> !group.suspended())
            .mapToLong(group -> (long) group.minReplicas() * group.numOfHosts())
            .sum());
  }

  int maxWorkerPods() {
    return saturate(
        workerGroups.stream()
            .filter(group -> !group.suspended())
            .mapToLong(group -> (long) group.maxReplicas() * group.numOfHosts())
            .sum());
  }

  private static int saturate(long value) {
    return (int) Math.min(Integer.MAX_VALUE, value);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static boolean hasContainers(Map<String, Object> template) {
    return !JsonMaps.list(JsonMaps.object(template, "spec"), "containers").isEmpty();
  }
}
