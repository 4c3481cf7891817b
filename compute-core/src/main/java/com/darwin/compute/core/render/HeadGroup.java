package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code spec.headGroupSpec} of a rendered RayCluster. */
public record HeadGroup(
    String serviceType, Map<String, String> rayStartParams, PodTemplateSpec template) {

  Map<String, Object> toSpec() {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("serviceType", serviceType);
    group.put("rayStartParams", new LinkedHashMap<>(rayStartParams));
    group.put("template", template);
    return group;
  }
}
