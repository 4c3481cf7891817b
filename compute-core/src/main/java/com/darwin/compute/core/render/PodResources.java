package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Container resources: requests equal limits, so Ray's view of the pod matches the node's. */
final class PodResources {

  private PodResources() {}

  static ResourceRequirements of(int cores, int memoryGb, int gpus) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(Integer.toString(cores)));
    amounts.put("memory", new Quantity(memoryGb + "Gi"));
    if (gpus > 0) {
      amounts.put("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
    }
    return new ResourceRequirementsBuilder().withLimits(amounts).withRequests(amounts).build();
  }

  /** Object store size in bytes: a percentage of the pod's memory. */
  static long objectStoreBytes(int memoryGb, int percent) {
    return (long) memoryGb * 1024L * 1024L * 1024L * percent / 100L;
  }
}
