package com.darwin.compute.core.render;

import java.util.List;
import java.util.Map;

/**
 * How GPU pods are scheduled.
 *
 * @param resourceName the extended resource put in the Ray container's limits ({@code
 *     nvidia.com/gpu}); KubeRay derives {@code num-gpus} from any limit ending in {@code gpu}
 * @param instanceFamilyLabel the node label that selects a GPU shape's instance family
 * @param instanceFamilies GPU shape name to instance family (from the GPU catalogue)
 * @param tolerations tolerations every GPU pod gets (GPU nodes are tainted so CPU pods stay off)
 */
public record GpuSettings(
    String resourceName,
    String instanceFamilyLabel,
    Map<String, String> instanceFamilies,
    List<TolerationRule> tolerations) {

  public GpuSettings {
    instanceFamilies = instanceFamilies == null ? Map.of() : Map.copyOf(instanceFamilies);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }
}
