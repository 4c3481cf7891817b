package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of {@code spec.workerGroupSpecs}.
 *
 * @param replicas null when the Ray autoscaler owns the group's size
 */
public record WorkerGroup(
    String groupName,
    Integer replicas,
    int minReplicas,
    int maxReplicas,
    int numOfHosts,
    Map<String, String> rayStartParams,
    PodTemplateSpec template) {

  Map<String, Object> toSpec() {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("groupName", groupName);
    if (replicas != null) {
      group.put("replicas", replicas);
    }
    group.put("minReplicas", minReplicas);
    group.put("maxReplicas", maxReplicas);
    group.put("numOfHosts", numOfHosts);
    group.put("rayStartParams", new LinkedHashMap<>(rayStartParams));
    group.put("template", template);
    return group;
  }
}
