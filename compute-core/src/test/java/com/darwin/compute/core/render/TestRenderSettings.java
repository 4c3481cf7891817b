package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.ClusterRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Render settings for tests, spelled out here rather than read from application.yml so a golden
 * file changes only when rendering changes. They mirror the shipped defaults (Karpenter labels,
 * tainted GPU and spot nodes, one workspace per owner).
 */
public final class TestRenderSettings {

  private TestRenderSettings() {}

  public static final TolerationRule SPOT_TOLERATION =
      new TolerationRule("darwin.io/spot", "Exists", null, "NoSchedule");
  public static final TolerationRule GPU_TOLERATION =
      new TolerationRule("nvidia.com/gpu", "Exists", null, "NoSchedule");

  public static RenderSettings defaults() {
    return withWorkspace(workspace(WorkspaceSettings.ClaimScope.OWNER));
  }

  public static WorkspaceSettings workspace(WorkspaceSettings.ClaimScope scope) {
    return new WorkspaceSettings(
        true,
        "/home/ray/fsx",
        scope,
        "project",
        "workspace",
        true,
        "efs-sc",
        "100Gi",
        List.of("ReadWriteMany"),
        "workspace",
        "shared");
  }

  public static RenderSettings withWorkspace(WorkspaceSettings workspace) {
    NodePools pools =
        new NodePools(
            Map.of(
                "general",
                new NodePools.CapacityPlacements(
                    new NodePlacement(Map.of("karpenter.sh/capacity-type", "on-demand"), List.of()),
                    new NodePlacement(
                        Map.of("karpenter.sh/capacity-type", "spot"), List.of(SPOT_TOLERATION))),
                "gpu",
                new NodePools.CapacityPlacements(
                    new NodePlacement(
                        Map.of(
                            "karpenter.sh/capacity-type",
                            "on-demand",
                            "darwin.io/node-pool",
                            "gpu"),
                        List.of()),
                    new NodePlacement(
                        Map.of("karpenter.sh/capacity-type", "spot", "darwin.io/node-pool", "gpu"),
                        List.of(SPOT_TOLERATION)))),
            "general");
    GpuSettings gpu =
        new GpuSettings(
            "nvidia.com/gpu",
            "karpenter.k8s.aws/instance-family",
            Map.of(
                "NVIDIA T4", "g4dn",
                "NVIDIA A10", "g5",
                "NVIDIA A100 40GB", "p4d",
                "NVIDIA A100 80GB", "p5"),
            List.of(GPU_TOLERATION));
    PodSettings pods =
        new PodSettings(
            new PodSettings.ProbeSettings(10, 5, 10, 30, 5, 120, 5, 2),
            new PodSettings.JupyterSettings(8888, "500m", "1Gi", 10, 6),
            Duration.ofMinutes(5),
            Map.of("gp2", "gp2", "gp3", "gp3"),
            "/tmp/disk",
            List.of(
                new PodSettings.InstanceRoleSetting("1", "darwin-ds-role", "darwin-ds-role"),
                new PodSettings.InstanceRoleSetting(
                    "2", "prod-finance-server-role", "prod-finance-server-role")),
            "1");
    return new RenderSettings(pools, gpu, workspace, pods, ISOLATED);
  }

  /** Each cluster isolated, with the production defaults' peers. */
  public static final ClusterNetworkSettings ISOLATED =
      new ClusterNetworkSettings(
          true,
          List.of(
              new ClusterNetworkSettings.Peer(
                  Map.of(), Map.of("app.kubernetes.io/name", "nginx-proxy-server")),
              new ClusterNetworkSettings.Peer(
                  Map.of(), Map.of("app.kubernetes.io/name", "darwin-compute")),
              new ClusterNetworkSettings.Peer(
                  Map.of("kubernetes.io/metadata.name", "prometheus"), Map.of())));

  /** The input of one cluster, with the id, owner and proxy paths the tests use. */
  public static RenderInput input(
      String clusterId, ClusterRequest spec, String image, String rayVersion) {
    return input(clusterId, spec, new RenderInput.RuntimeImage(image, rayVersion));
  }

  public static RenderInput input(
      String clusterId, ClusterRequest spec, RenderInput.RuntimeImage runtime) {
    return new RenderInput(
        clusterId,
        spec,
        runtime,
        "ray",
        spec.user(),
        "sandbox",
        "/sandbox/" + clusterId + "-jupyter",
        "/sandbox/" + clusterId + "-sparkui");
  }
}
