package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.GpuPodConfig;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.InstanceRole;
import com.darwin.compute.model.cluster.RayParams;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The matrix of cluster specs rendered by the golden-file and CRD-schema tests: CPU only, GPU head,
 * GPU workers, several groups, spot and on-demand, autoscaling on and off, shared workspace on and
 * off, init scripts, scratch disks, old and new Ray.
 */
public final class GoldenCases {

  public static final String CLUSTER_ID = "id-golden234567890a";

  public static final GpuPodConfig T4 = new GpuPodConfig("NVIDIA T4", 6, 26, 1, 16, "GDDR6");
  public static final GpuPodConfig T4_X4 = new GpuPodConfig("NVIDIA T4", 40, 165, 4, 64, "GDDR6");
  public static final GpuPodConfig A10 = new GpuPodConfig("NVIDIA A10", 6, 26, 1, 24, "GDDR6");

  /** One rendering: the spec, the runtime it runs and the settings it is rendered with. */
  public record Case(
      String name, ClusterRequest spec, RenderInput.RuntimeImage runtime, RenderSettings settings) {

    /** A public image without Spark flags. */
    public Case(
        String name,
        ClusterRequest spec,
        String image,
        String rayVersion,
        RenderSettings settings) {
      this(name, spec, new RenderInput.RuntimeImage(image, rayVersion), settings);
    }

    public String image() {
      return runtime.image();
    }

    public String rayVersion() {
      return runtime.rayVersion();
    }

    public RenderInput input() {
      return TestRenderSettings.input(CLUSTER_ID, spec, runtime);
    }

    public RenderedCluster render() {
      return new RayClusterRenderer(settings).render(input());
    }
  }

  private GoldenCases() {}

  public static List<Case> all() {
    RenderSettings defaults = TestRenderSettings.defaults();
    return List.of(
        new Case(
            "cpu-fixed-size",
            request(Map.of(), cpuHead(4, 8), List.of(cpu(2, 4, 2, 2, CapacityType.ONDEMAND)), null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "cpu-autoscaling",
            request(
                Map.of("team", "ds"),
                cpuHead(4, 8),
                List.of(cpu(2, 4, 1, 5, CapacityType.ONDEMAND)),
                null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "head-only",
            request(Map.of(), cpuHead(8, 32), List.of(), null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "gpu-head",
            request(
                Map.of(),
                new HeadNodeConfig(null, null, null, "gpu", CapacityType.ONDEMAND, A10),
                List.of(cpu(4, 16, 1, 1, CapacityType.ONDEMAND)),
                null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "gpu-workers-spot",
            request(
                Map.of("project", "vision"),
                cpuHead(4, 16),
                List.of(gpu(T4_X4, 0, 4, CapacityType.SPOT)),
                null),
            "rayproject/ray-ml:2.47.1-py310-gpu",
            "2.47.1",
            defaults),
        new Case(
            "several-groups",
            request(
                Map.of(),
                cpuHead(4, 8),
                List.of(
                    cpu(2, 4, 2, 2, CapacityType.ONDEMAND),
                    new WorkerNodeConfig(8, 64, 3, 3, null, "memory", CapacityType.SPOT, null),
                    gpu(T4, 1, 1, CapacityType.ONDEMAND)),
                null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "shared-workspace",
            request(
                Map.of("workspace", "shared"),
                cpuHead(4, 8),
                List.of(
                    cpu(2, 4, 1, 3, CapacityType.ONDEMAND), gpu(A10, 0, 2, CapacityType.ONDEMAND)),
                null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "project-workspace",
            request(
                Map.of("project", "churn-model", "workspace", "shared"),
                cpuHead(4, 8),
                List.of(cpu(2, 4, 1, 1, CapacityType.ONDEMAND)),
                null),
            "ray:2.37.0",
            "2.37.0",
            TestRenderSettings.withWorkspace(
                TestRenderSettings.workspace(WorkspaceSettings.ClaimScope.PROJECT))),
        new Case(
            "init-script-env-spark",
            request(
                Map.of(),
                cpuHead(4, 8),
                List.of(cpu(2, 4, 1, 2, CapacityType.ONDEMAND)),
                new AdvanceConfig(
                    "FOO=bar\n# a comment\nPYTHONPATH=/home/ray/fsx/shared_code",
                    null,
                    "pip install pandas==2.2.2\necho \"ready\" > /tmp/ready",
                    new InstanceRole("2", null, null),
                    null,
                    new RayParams(30, 2),
                    sparkConfig())),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        new Case(
            "disks",
            request(
                Map.of(),
                new HeadNodeConfig(4, 8, new DiskSetting("gp2", 50), null, null, null),
                List.of(
                    new WorkerNodeConfig(
                        2, 4, 1, 1, new DiskSetting("gp3", 200), null, CapacityType.SPOT, null)),
                null),
            "ray:2.37.0",
            "2.37.0",
            defaults),
        // A runtime registered with an image pull secret and Spark flags (POST /runtime/v2/create).
        new Case(
            "private-registry-spark-runtime",
            request(Map.of(), cpuHead(4, 8), List.of(cpu(2, 4, 1, 1, CapacityType.ONDEMAND)), null),
            new RenderInput.RuntimeImage(
                "registry.example.com/ml/ray:2.37.0-py310-spark3.5",
                "2.37.0",
                "ml-registry",
                true,
                true),
            defaults),
        new Case(
            "ray-2-53-autoscaling",
            request(Map.of(), cpuHead(4, 8), List.of(cpu(2, 4, 0, 10, CapacityType.SPOT)), null),
            "ray:2.53.0",
            "2.53.0",
            defaults));
  }

  public static Case named(String name) {
    return all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static HeadNodeConfig cpuHead(int cores, int memory) {
    return new HeadNodeConfig(cores, memory, null, null, CapacityType.ONDEMAND, null);
  }

  static WorkerNodeConfig cpu(int cores, int memory, int min, int max, CapacityType capacity) {
    return new WorkerNodeConfig(cores, memory, min, max, null, null, capacity, null);
  }

  static WorkerNodeConfig gpu(GpuPodConfig shape, int min, int max, CapacityType capacity) {
    return new WorkerNodeConfig(null, null, min, max, null, "gpu", capacity, shape);
  }

  private static Map<String, Object> sparkConfig() {
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("spark.executor.memory", "4g");
    conf.put("spark.sql.shuffle.partitions", 64);
    conf.put("spark.eventLog.enabled", true);
    return conf;
  }

  public static ClusterRequest request(
      Map<String, String> labels,
      HeadNodeConfig head,
      List<WorkerNodeConfig> workers,
      AdvanceConfig advance) {
    return new ClusterRequest(
        "golden-cluster",
        List.of("golden"),
        labels,
        "0.0",
        30,
        null,
        head,
        workers,
        advance,
        "data.scientist@example.com",
        false,
        true,
        "sandbox",
        null,
        null);
  }
}
