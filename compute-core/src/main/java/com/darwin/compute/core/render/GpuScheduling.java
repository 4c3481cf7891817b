package com.darwin.compute.core.render;

import java.util.Map;

/**
 * Where a pod goes: the node pool of its node type and capacity type ({@code ondemand}/{@code
 * spot}) and, for GPU pods, the GPU nodes of its shape's instance family, tolerating their taint.
 * The Python service rendered spot/on-demand as a Ray custom resource only and gave GPU pods no
 * {@code nvidia.com/gpu} toleration; here both become real scheduling constraints.
 */
final class GpuScheduling {

  private GpuScheduling() {}

  static NodePlacement placement(NodeShape shape, RenderSettings settings) {
    NodePlacement placement = settings.nodePools().placement(shape.nodeType(), shape.capacity());
    if (!shape.isGpu()) {
      return placement;
    }
    GpuSettings gpu = settings.gpu();
    String family = gpu.instanceFamilies().get(shape.gpuName());
    Map<String, String> selector =
        family == null || gpu.instanceFamilyLabel() == null
            ? Map.of()
            : Map.of(gpu.instanceFamilyLabel(), family);
    return placement.and(new NodePlacement(selector, gpu.tolerations()));
  }
}
