package com.darwin.compute.core;

import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.util.List;
import java.util.Map;

/** Cluster requests for tests, shaped like the Darwin README's examples. */
public final class TestSpecs {

  private TestSpecs() {}

  public static WorkerNodeConfig worker(int cores, int memory, int min, int max) {
    return new WorkerNodeConfig(cores, memory, min, max, null, null, CapacityType.ONDEMAND, null);
  }

  public static ClusterRequest readmeCluster(List<WorkerNodeConfig> workers) {
    return new ClusterRequest(
        "my-first-cluster",
        List.of("demo"),
        Map.of("team", "ds"),
        "0.0",
        30,
        null,
        new HeadNodeConfig(4, 8, null, null, CapacityType.ONDEMAND, null),
        workers,
        new AdvanceConfig("FOO=bar\n# comment\nX=1", null, null, null, null, null, null),
        "user@example.com",
        false,
        true,
        "sandbox",
        null,
        null);
  }
}
