package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The head group: {@code rayStartParams} from the request, the head pod template. */
final class HeadGroupBuilder {

  private HeadGroupBuilder() {}

  static HeadGroup build(RenderInput input, RayPodTemplate templates) {
    ClusterRequest spec = input.spec();
    NodeShape shape = NodeShape.of(spec.headNodeConfig());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("dashboard-host", "0.0.0.0");
    params.put("num-cpus", Integer.toString(RayStartValues.cpusOnHead(spec)));
    // "0" unless the head is a GPU pod: otherwise Ray would schedule GPU tasks on a head that has
    // no GPU, or (with KubeRay's auto-detection) leave a GPU head's GPUs unused.
    params.put("num-gpus", Integer.toString(shape.gpus()));
    params.put(
        "object-store-memory",
        Long.toString(
            PodResources.objectStoreBytes(
                shape.memoryGb(), RayStartValues.objectStorePercent(spec))));
    return new HeadGroup("ClusterIP", params, templates.head(shape));
  }
}
