package com.darwin.compute.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.common.Envelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClusterDetailsJsonTest {

  private final JsonMapper mapper = JsonMapper.builder().build();

  private static ClusterDetails details() {
    return new ClusterDetails(
        "id-abc",
        "nightly",
        List.of("t"),
        Map.of("project", "darwin"),
        "0.0",
        List.of(new AutoTerminationPolicy("JupyterLabActivity", true, Map.of())),
        30,
        UiClusterStatus.ACTIVE,
        "me@example.com",
        new ClusterDetails.Head(4, 8, null, CapacityType.ONDEMAND, null),
        List.of(
            new ClusterDetails.WorkerGroup(
                2, 4, 1, 3, new ClusterDetails.Disk("gp3", 50), null, CapacityType.SPOT, null)),
        new ClusterDetails.Advanced(
            "A=1",
            "",
            "echo a\necho b",
            new ClusterDetails.Role("1", "darwin-ds-role", "darwin-ds-role"),
            null,
            new ClusterDetails.RayStartParams(30, 1, 0),
            Map.of("spark.executor.memory", "2g")),
        Envelope.success(new Dashboards("j", "r", "s", "g", "c"), null),
        Instant.parse("2026-01-01T00:00:00Z"),
        true,
        ClusterStatus.ACTIVE,
        "sandbox",
        "run_id-x",
        null,
        List.of());
  }

  @Test
  void nestedObjectsCarryExactlyThePythonKeys() {
    JsonNode json = mapper.valueToTree(details());
    assertThat(Set.copyOf(json.get("head_node_config").propertyNames()))
        .containsExactlyInAnyOrder(
            "head_node_cores", "head_node_memory", "node_type", "node_capacity_type", "gpu_pod");
    assertThat(Set.copyOf(json.get("worker_node_configs").get(0).propertyNames()))
        .containsExactlyInAnyOrder(
            "cores",
            "memory",
            "min_pods",
            "max_pods",
            "disk_setting",
            "node_type",
            "node_capacity_type",
            "gpu_pod");
    assertThat(json.get("worker_node_configs").get(0).get("disk_setting").get("disk_size").asInt())
        .isEqualTo(50);
    assertThat(Set.copyOf(json.get("advance_config").get("ray_start_params").propertyNames()))
        .containsExactlyInAnyOrder(
            "object_store_memory_perc", "num_cpus_on_head", "num_gpus_on_head");
    assertThat(json.get("advance_config").get("instance_role").get("instance_role_id").asString())
        .isEqualTo("1");
    assertThat(json.get("status").asString()).isEqualTo("active");
  }

  @Test
  void theReadShapeIsAcceptedAsARequest() {
    var json = (tools.jackson.databind.node.ObjectNode) mapper.valueToTree(details());
    json.put("cluster_name", json.get("name").asString());
    ClusterRequest request = mapper.treeToValue(json, ClusterRequest.class);
    assertThat(request.headNodeConfig().cores()).isEqualTo(4);
    assertThat(request.headNodeConfig().memory()).isEqualTo(8);
    assertThat(request.workerNodeConfigs().get(0).coresPerPods()).isEqualTo(2);
    assertThat(request.workerNodeConfigs().get(0).memoryPerPods()).isEqualTo(4);
    assertThat(request.workerNodeConfigs().get(0).diskSetting().storageSize()).isEqualTo(50);
    assertThat(request.advanceConfig().environmentVariables()).isEqualTo("A=1");
    assertThat(request.advanceConfig().rayParams().objectStoreMemory()).isEqualTo(30);
    assertThat(request.advanceConfig().rayParams().cpusOnHead()).isEqualTo(1);
    assertThat(request.advanceConfig().instanceRole().id()).isEqualTo("1");
    assertThat(request.advanceConfig().sparkConfig()).containsEntry("spark.executor.memory", "2g");
    assertThat(request.isJobCluster()).isTrue();

    // toRequest() gives the same request, not started.
    ClusterRequest copy = details().toRequest();
    assertThat(copy.startCluster()).isFalse();
    assertThat(copy.withStartCluster(true)).isEqualTo(request);
  }
}
