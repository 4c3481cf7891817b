package com.darwin.compute.bench;

import com.darwin.compute.core.render.GpuSettings;
import com.darwin.compute.core.render.NodePlacement;
import com.darwin.compute.core.render.NodePools;
import com.darwin.compute.core.render.PodSettings;
import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.TolerationRule;
import com.darwin.compute.core.render.WorkspaceSettings;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The clusters and settings the benchmarks render (shaped like the shipped defaults). */
final class BenchClusters {

  private BenchClusters() {}

  static RenderSettings settings() {
    TolerationRule spot = new TolerationRule("darwin.io/spot", "Exists", null, "NoSchedule");
    NodePools pools =
        new NodePools(
            Map.of(
                "general",
                new NodePools.CapacityPlacements(
                    new NodePlacement(Map.of("karpenter.sh/capacity-type", "on-demand"), List.of()),
                    new NodePlacement(
                        Map.of("karpenter.sh/capacity-type", "spot"), List.of(spot)))),
            "general");
    GpuSettings gpu =
        new GpuSettings(
            "nvidia.com/gpu",
            "karpenter.k8s.aws/instance-family",
            Map.of("NVIDIA T4", "g4dn", "NVIDIA A10", "g5"),
            List.of(new TolerationRule("nvidia.com/gpu", "Exists", null, "NoSchedule")));
    WorkspaceSettings workspace =
        new WorkspaceSettings(
            true,
            "/home/ray/fsx",
            WorkspaceSettings.ClaimScope.OWNER,
            "project",
            "workspace",
            true,
            null,
            "100Gi",
            List.of("ReadWriteMany"),
            "workspace",
            "shared");
    PodSettings pods =
        new PodSettings(
            new PodSettings.ProbeSettings(10, 5, 10, 30, 5, 120, 5, 2),
            new PodSettings.JupyterSettings(8888, "500m", "1Gi", 10, 6),
            Duration.ofMinutes(5),
            Map.of("gp2", "gp2"),
            "/tmp/disk",
            List.of(new PodSettings.InstanceRoleSetting("1", "darwin-ds-role", "darwin-ds-role")),
            "1");
    return new RenderSettings(pools, gpu, workspace, pods);
  }

  /** The Darwin README's quick start: a 4-core head and one autoscaling CPU group. */
  static RenderInput quickStart() {
    return input(
        request(
            Map.of(),
            List.of(new WorkerNodeConfig(2, 4, 1, 2, null, null, CapacityType.ONDEMAND, null)),
            null));
  }

  /**
   * A large cluster: ten groups (CPU on-demand and spot, GPU, scratch disks), shared workspace,
   * init script, environment and Spark configuration.
   */
  static RenderInput large() {
    List<WorkerNodeConfig> groups = new ArrayList<>();
    GpuPodConfig t4 = new GpuPodConfig("NVIDIA T4", 6, 26, 1, 16, "GDDR6");
    for (int i = 0; i < 10; i++) {
      groups.add(
          i % 3 == 2
              ? new WorkerNodeConfig(null, null, 0, 4, null, "gpu", CapacityType.SPOT, t4)
              : new WorkerNodeConfig(
                  4,
                  16,
                  1,
                  8,
                  i % 2 == 0 ? new DiskSetting("gp2", 100) : null,
                  null,
                  i % 2 == 0 ? CapacityType.ONDEMAND : CapacityType.SPOT,
                  null));
    }
    AdvanceConfig advance =
        new AdvanceConfig(
            "A=1\nB=2\nC=3\nD=4",
            null,
            "pip install pandas\npip install pyarrow\necho ready",
            null,
            null,
            null,
            Map.of("spark.executor.memory", "4g", "spark.sql.shuffle.partitions", 64));
    return input(request(Map.of("workspace", "shared", "team", "ds"), groups, advance));
  }

  private static RenderInput input(ClusterRequest spec) {
    String id = "id-bench23456789abcd";
    return new RenderInput(
        id,
        spec,
        new RenderInput.RuntimeImage("ray:2.37.0", "2.37.0"),
        "ray",
        spec.user(),
        "eks-1",
        "/eks-1/" + id + "-jupyter",
        "/eks-1/" + id + "-sparkui");
  }

  private static ClusterRequest request(
      Map<String, String> labels, List<WorkerNodeConfig> workers, AdvanceConfig advance) {
    return new ClusterRequest(
        "bench-cluster",
        List.of("bench"),
        labels,
        "0.0",
        30,
        null,
        new HeadNodeConfig(4, 8, null, null, CapacityType.ONDEMAND, null),
        workers,
        advance,
        "user@example.com",
        false,
        true,
        "eks-1",
        null,
        null);
  }
}
