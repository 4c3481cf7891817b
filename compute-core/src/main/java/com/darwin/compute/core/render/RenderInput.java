package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;

/** Everything a RayCluster is rendered from. Rendering is a pure function of this value. */
public record RenderInput(
    String clusterId,
    ClusterRequest spec,
    RuntimeImage runtime,
    String namespace,
    String owner,
    String cloudEnv,
    String jupyterBasePath) {

  /** The container image of a runtime and the Ray version inside it. */
  public record RuntimeImage(String image, String rayVersion) {}
}
