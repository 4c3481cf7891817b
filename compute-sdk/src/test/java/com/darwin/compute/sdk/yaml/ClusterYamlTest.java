package com.darwin.compute.sdk.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.sdk.WireJson;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClusterYamlTest {

  static Path resource(String name) {
    try {
      return Path.of(ClusterYamlTest.class.getResource("/clusters/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pythonSdkExampleMapsToTheWireRequestFieldByField() {
    ClusterRequest r = ClusterYaml.read(resource("python-sdk-example.yaml"));

    assertThat(r.clusterName()).isEqualTo("sdk-demo");
    assertThat(r.tags()).containsExactly("demo", "sdk");
    assertThat(r.runtime()).isEqualTo("0.0");
    assertThat(r.inactiveTime()).isEqualTo(20);
    assertThat(r.cloudEnv()).isEqualTo("sandbox");
    assertThat(r.user()).isNull(); // the client fills in its user
    assertThat(r.startCluster()).isTrue();
    assertThat(r.isJobCluster()).isFalse();

    assertThat(r.headNodeConfig().cores()).isEqualTo(4);
    assertThat(r.headNodeConfig().memory()).isEqualTo(8);
    assertThat(r.headNodeConfig().nodeCapacityType()).isEqualTo(CapacityType.ONDEMAND);
    assertThat(r.headNodeConfig().gpuPod()).isNull();

    assertThat(r.workerNodeConfigs()).hasSize(1);
    var worker = r.workerNodeConfigs().get(0);
    assertThat(worker.coresPerPods()).isEqualTo(2);
    assertThat(worker.memoryPerPods()).isEqualTo(4);
    assertThat(worker.minPods()).isEqualTo(1);
    assertThat(worker.maxPods()).isEqualTo(2);
    assertThat(worker.nodeCapacityType()).isEqualTo(CapacityType.SPOT);

    assertThat(r.autoTerminationPolicies())
        .extracting(AutoTerminationPolicy::policyName, AutoTerminationPolicy::enabled)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("JupyterLabActivity", true),
            org.assertj.core.groups.Tuple.tuple("ClusterCPUUsage", true),
            org.assertj.core.groups.Tuple.tuple("ActiveRayJob", false));
    assertThat(r.autoTerminationPolicies().get(1).params())
        .containsEntry("head_node_cpu_usage_threshold", 90)
        .containsEntry("worker_node_cpu_usage_threshold", 10);
    assertThat(r.autoTerminationPolicies().get(0).params()).isEmpty();

    var advance = r.advanceConfig();
    assertThat(advance.environmentVariables()).isEqualTo("TEAM=ml\nPURPOSE=sdk-test");
    assertThat(advance.initScript()).isEqualTo("echo one\necho two");
    assertThat(advance.logPath()).isEmpty();
    assertThat(advance.instanceRole().displayName()).isEqualTo("darwin-ds-role");
    assertThat(advance.instanceRole().serviceAccountName()).isEqualTo("darwin-ds-role");
    assertThat(advance.rayParams().objectStoreMemory()).isEqualTo(20);
    assertThat(advance.rayParams().cpusOnHead()).isEqualTo(2);

    assertThat(r.packages()).hasSize(2);
    assertThat(r.packages().get(0))
        .isEqualTo(Map.of("source", "pypi", "body", Map.of("name", "pandas", "version", "2.2.2")));
    assertThat(r.packages().get(1).get("body"))
        .isEqualTo(
            Map.of(
                "name",
                "org.example:demo",
                "version",
                "1.0.0",
                "metadata",
                Map.of("repository", "maven", "exclusions", "org.example:other")));
  }

  @Test
  void theMappedRequestSerialisesWithTheApiFieldNames() {
    ClusterRequest r = ClusterYaml.read(resource("python-sdk-example.yaml"));
    JsonNode json = WireJson.mapper().valueToTree(r);

    assertThat(json.get("cluster_name").asString()).isEqualTo("sdk-demo");
    assertThat(json.get("inactive_time").asInt()).isEqualTo(20);
    assertThat(json.get("head_node_config").get("node_capacity_type").asString())
        .isEqualTo("ondemand");
    assertThat(json.get("worker_node_configs").get(0).get("cores_per_pods").asInt()).isEqualTo(2);
    assertThat(json.get("worker_node_configs").get(0).get("memory_per_pods").asInt()).isEqualTo(4);
    assertThat(json.get("advance_config").get("environment_variables").asString())
        .contains("TEAM=ml");
    assertThat(json.get("advance_config").get("ray_params").get("object_store_memory").asInt())
        .isEqualTo(20);
    assertThat(json.get("advance_config").get("ray_params").get("cpus_on_head").asInt())
        .isEqualTo(2);
    assertThat(json.get("head_node_config").has("gpu")).isFalse(); // a helper, not a field
    assertThat(json.has("terminate_after_minutes")).isFalse();
    assertThat(json.has("head_node")).isFalse();
  }

  @Test
  void gpuHeadDiskJobAndSparkSettingsMap() {
    ClusterRequest r = ClusterYaml.read(resource("gpu-and-disk.yaml"));

    assertThat(r.user()).isEqualTo("someone@example.com");
    assertThat(r.isJobCluster()).isTrue();
    assertThat(r.startCluster()).isFalse();
    assertThat(r.labels()).isEqualTo(Map.of("team", "vision"));
    assertThat(r.inactiveTime()).isEqualTo(ClusterYaml.DEFAULT_TERMINATE_AFTER_MINUTES);
    assertThat(r.autoTerminationPolicies()).isNull(); // the service's defaults apply
    assertThat(r.packages()).isEmpty();

    var head = r.headNodeConfig();
    assertThat(head.nodeType()).isEqualTo("gpu");
    assertThat(head.isGpu()).isTrue();
    assertThat(head.gpuPod().name()).isEqualTo("NVIDIA T4");
    assertThat(head.gpuPod().gpuCount()).isEqualTo(1);
    assertThat(head.gpuPod().gRamMemory()).isEqualTo(16);
    assertThat(head.gpuPod().gRamType()).isEqualTo("GDDR6");
    assertThat(head.effectiveCores()).isEqualTo(6);

    var worker = r.workerNodeConfigs().get(0);
    assertThat(worker.nodeType()).isEqualTo("memory");
    assertThat(worker.diskSetting().diskType()).isEqualTo("gp2");
    assertThat(worker.diskSetting().storageSize()).isEqualTo(100);
    assertThat(worker.minPods()).isZero();
    assertThat(worker.nodeCapacityType()).isEqualTo(CapacityType.ONDEMAND);

    assertThat(r.advanceConfig().initScript()).isEqualTo("pip install torch");
    assertThat(r.advanceConfig().availabilityZone().id()).isEqualTo("us-east-1a");
    assertThat(r.advanceConfig().sparkConfig())
        .containsEntry("spark.executor.memory", "4g")
        .containsEntry("spark.sql.shuffle.partitions", 64);
  }

  @Test
  void missingFieldsAreAllReportedWithTheirPaths() {
    String yaml =
        """
        name: incomplete
        head_node:
          node:
            memory: 8
        worker_group:
          - node: {cores: 2, memory: 4}
            max_pods: 1
        advance_config:
          ray_start_params:
            num_gpus_on_head: 1
        """;
    assertThatThrownBy(() -> ClusterYaml.parse(yaml, "bad.yaml"))
        .isInstanceOfSatisfying(
            ClusterYamlException.class,
            e -> {
              assertThat(e.source()).isEqualTo("bad.yaml");
              assertThat(e.errors())
                  .extracting(FieldError::field)
                  .containsExactlyInAnyOrder(
                      "runtime",
                      "head_node.node.cores",
                      "worker_group[0].min_pods",
                      "advance_config.ray_start_params.num_gpus_on_head");
              assertThat(e.getMessage())
                  .startsWith("Invalid cluster file bad.yaml:")
                  .contains("head_node.node.cores: is required");
            });
  }

  @Test
  void aTypoIsAnErrorNamingTheKnownFields() {
    String yaml =
        """
        name: typo
        runtime: '0.0'
        head_node: {node: {cores: 1, memory: 2}}
        worker_group: []
        terminate_after_minute: 30
        """;
    assertThatThrownBy(() -> ClusterYaml.parse(yaml))
        .isInstanceOfSatisfying(
            ClusterYamlException.class,
            e -> {
              FieldError error = e.errors().get(0);
              assertThat(error.field()).isEqualTo("terminate_after_minute");
              assertThat(error.message())
                  .contains("is not a known field")
                  .contains("terminate_after_minutes");
            });
  }

  @Test
  void wrongTypesAndBrokenYamlAreReported() {
    assertThatThrownBy(
            () ->
                ClusterYaml.parse(
                    "name: x\nruntime: '0.0'\nhead_node: {node: {cores: many, memory: 2}}\n"
                        + "worker_group: []\n"))
        .isInstanceOfSatisfying(
            ClusterYamlException.class,
            e -> {
              assertThat(e.errors().get(0).field()).isEqualTo("head_node.node.cores");
              assertThat(e.errors().get(0).message()).contains("wrong type");
            });
    assertThatThrownBy(() -> ClusterYaml.parse("name: 'unterminated\nruntime: x\n"))
        .isInstanceOfSatisfying(
            ClusterYamlException.class,
            e -> assertThat(e.errors().get(0).message()).contains("not valid YAML"));
    assertThatThrownBy(() -> ClusterYaml.parse(""))
        .isInstanceOf(ClusterYamlException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> ClusterYaml.read(Path.of("/nonexistent/cluster.yaml")))
        .isInstanceOf(ClusterYamlException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void capacityTypeAndPackageSourceAreChecked() {
    String yaml =
        """
        name: x
        runtime: '0.0'
        head_node: {node: {cores: 1, memory: 2, node_capacity_type: reserved}}
        worker_group: []
        packages:
          - source: conda
            body: {name: numpy}
        """;
    assertThatThrownBy(() -> ClusterYaml.parse(yaml))
        .isInstanceOfSatisfying(
            ClusterYamlException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("head_node.node.node_capacity_type", "packages[0].source"));
  }

  @Test
  void gpuFieldsOnACpuNodeAreAMistake() {
    String yaml =
        """
        name: x
        runtime: '0.0'
        head_node:
          node: {name: NVIDIA T4, cores: 6, memory: 26, gpu_count: 1, g_ram_memory: 16, g_ram_type: GDDR6}
        worker_group: []
        """;
    assertThatThrownBy(() -> ClusterYaml.parse(yaml))
        .isInstanceOfSatisfying(
            ClusterYamlException.class,
            e -> assertThat(e.errors().get(0).message()).contains("node_type: gpu"));
  }

  @Test
  void emptyWorkerGroupIsAHeadOnlyCluster() {
    ClusterRequest r =
        ClusterYaml.parse(
            "name: solo\ntags: [a]\nruntime: '0.0'\nhead_node: {node: {cores: 1, memory: 2}}\n"
                + "worker_group: []\n");
    assertThat(r.workerNodeConfigs()).isEqualTo(List.of());
    assertThat(r.advanceConfig().rayParams()).isNull();
  }
}
