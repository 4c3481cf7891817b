package com.darwin.compute.core.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels of every object of a cluster: the user's labels (sorted, so output never depends on map
 * order), then the ownership labels, which users cannot override (their keys contain a {@code /},
 * which user label keys may not).
 */
final class ClusterLabels {

  private ClusterLabels() {}

  static Map<String, String> of(RenderInput input) {
    Map<String, String> labels = new LinkedHashMap<>(new TreeMap<>(input.spec().labels()));
    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    labels.put(ResourceNames.CLUSTER_ID_LABEL, input.clusterId());
    labels.put(ResourceNames.USER_LABEL, ResourceNames.labelValue(input.owner()));
    return labels;
  }
}
