package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Container resources: requests equal limits, so Ray's view of the pod matches the node's. */
final class PodResources {

  private PodResources() {}

  /**
   * The GPU count goes in the limits (where KubeRay looks for it to fill {@code num-gpus}, and the
   * device plugin needs it) and, equal, in the requests.
   */
  static ResourceRequirements of(NodeShape shape, String gpuResource) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(Integer.toString(shape.cores())));
    amounts.put("memory", new Quantity(shape.memoryGb() + "Gi"));
    if (shape.isGpu()) {
      amounts.put(gpuResource, new Quantity(Integer.toString(shape.gpus())));
    }
    return new ResourceRequirementsBuilder()
        .withLimits(new LinkedHashMap<>(amounts))
        .withRequests(new LinkedHashMap<>(amounts))
        .build();
  }

  static ResourceRequirements fixed(String cpu, String memory) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(cpu));
    amounts.put("memory", new Quantity(memory));
    return new ResourceRequirementsBuilder()
        .withLimits(new LinkedHashMap<>(amounts))
        .withRequests(new LinkedHashMap<>(amounts))
        .build();
  }

  /** Object store size in bytes: a percentage of the pod's memory. */
  static long objectStoreBytes(int memoryGb, int percent) {
    return (long) memoryGb * 1024L * 1024L * 1024L * percent / 100L;
  }
}
