package com.darwin.compute.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ClusterRequestJsonTest {

  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void acceptsBothWorkerSpellingsOfTheDarwinReadme() {
    String api =
        "{\"cluster_name\":\"a\",\"worker_node_configs\":[{\"cores_per_pods\":2,\"memory_per_pods\":4,\"min_pods\":1,\"max_pods\":2}]}";
    String readme =
        "{\"cluster_name\":\"a\",\"worker_node_configs\":[{\"cores\":2,\"memory\":4,\"min_pods\":1,\"max_pods\":2}]}";
    ClusterRequest a = mapper.readValue(api, ClusterRequest.class);
    ClusterRequest b = mapper.readValue(readme, ClusterRequest.class);
    assertThat(a.workerNodeConfigs()).isEqualTo(b.workerNodeConfigs());
    assertThat(b.workerNodeConfigs().get(0).coresPerPods()).isEqualTo(2);
    assertThat(b.workerNodeConfigs().get(0).memoryPerPods()).isEqualTo(4);
    assertThat(b.workerNodeConfigs().get(0).nodeCapacityType()).isEqualTo(CapacityType.ONDEMAND);
  }

  @Test
  void defaultsMatchThePythonApi() {
    ClusterRequest r = mapper.readValue("{\"cluster_name\":\"a\"}", ClusterRequest.class);
    assertThat(r.startCluster()).isTrue();
    assertThat(r.isJobCluster()).isFalse();
    assertThat(r.tags()).isEmpty();
    assertThat(r.advanceConfig().environmentVariables()).isEmpty();
  }

  @Test
  void statusesUseWireNamesAndTheUiGrouping() {
    assertThat(mapper.writeValueAsString(ClusterStatus.WORKER_NODES_DIED))
        .isEqualTo("\"worker_nodes_died\"");
    assertThat(ClusterStatus.HEAD_NODE_DIED.uiStatus()).isEqualTo(UiClusterStatus.CREATING);
    assertThat(ClusterStatus.WORKER_NODES_SCALED.uiStatus()).isEqualTo(UiClusterStatus.ACTIVE);
    assertThat(UiClusterStatus.ACTIVE.backendStatuses())
        .containsExactlyInAnyOrder(
            ClusterStatus.ACTIVE,
            ClusterStatus.WORKER_NODES_SCALED,
            ClusterStatus.WORKER_NODES_DIED);
  }
}
