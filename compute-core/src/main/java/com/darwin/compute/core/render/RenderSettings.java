package com.darwin.compute.core.render;

/**
 * Everything rendering takes from configuration, as plain values: the renderer stays a pure
 * function of ({@link RenderSettings}, {@link RenderInput}). Filled from the {@code compute.*}
 * properties outside this package.
 */
public record RenderSettings(
    NodePools nodePools,
    GpuSettings gpu,
    WorkspaceSettings workspace,
    PodSettings pods,
    ClusterNetworkSettings network) {

  /** Without a network policy per cluster (code that renders for its own checks, tests). */
  public RenderSettings(
      NodePools nodePools, GpuSettings gpu, WorkspaceSettings workspace, PodSettings pods) {
    this(nodePools, gpu, workspace, pods, ClusterNetworkSettings.open());
  }
}
