package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterSpecCodec;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.cost.CostEstimate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The search document of a cluster row: every field, the absent ones, and the flat labels. */
class ClusterDocumentFactoryTest {

  private static final Instant CREATED = Instant.parse("2026-02-01T09:00:00.123456Z");
  private static final Instant STARTED = Instant.parse("2026-02-01T10:00:00Z");
  private static final Instant UP = Instant.parse("2026-02-01T10:05:00.5Z");

  private final ClusterSpecCodec codec = new ClusterSpecCodec();
  private final ClusterDocumentFactory factory = new ClusterDocumentFactory();

  private ClusterEntity cluster(ClusterRequest spec) {
    return new ClusterEntity(
        "id-abc",
        spec.clusterName(),
        "owner@example.com",
        "0.0",
        "sandbox",
        "ray",
        codec.read(codec.write(spec)),
        false,
        30,
        CREATED);
  }

  @Test
  void aRunningClusterFillsEveryField() {
    // Head 4 cores / 8 GB; two worker groups at max_pods: 2 x (2 cores, 4 GB) and 1 x (8, 16).
    ClusterRequest spec =
        withLabels(
            TestSpecs.readmeCluster(
                List.of(TestSpecs.worker(2, 4, 1, 2), TestSpecs.worker(8, 16, 0, 1))),
            Map.of("team", "ds", "env", "prod"));
    ClusterEntity cluster = cluster(spec);
    cluster.markStarting("run-7", STARTED);
    cluster.changeStatus(ClusterStatus.ACTIVE, null, UP);
    cluster.observePods(3, 24);
    cluster.setEstimatedCost(new CostEstimate(1.5, 2.25));

    ClusterDocument doc = factory.document(cluster);

    assertThat(doc.clusterId()).isEqualTo("id-abc");
    assertThat(doc.name()).isEqualTo("my-first-cluster");
    assertThat(doc.tags()).containsExactly("demo");
    assertThat(doc.labels()).isEqualTo(Map.of("team", "ds", "env", "prod"));
    // Every label value, in the order of the labels map.
    assertThat(doc.labelsFlat()).containsExactlyElementsOf(doc.labels().values());
    assertThat(doc.user()).isEqualTo("owner@example.com");
    assertThat(doc.status()).isEqualTo(ClusterStatus.ACTIVE);
    assertThat(doc.uiStatus()).isEqualTo(UiClusterStatus.ACTIVE);
    assertThat(doc.runtime()).isEqualTo("0.0");
    assertThat(doc.cloudEnv()).isEqualTo("sandbox");
    assertThat(doc.jobCluster()).isFalse();
    assertThat(doc.inactiveTime()).isEqualTo(30);
    assertThat(doc.activePods()).isEqualTo(3);
    assertThat(doc.totalCores()).isEqualTo(4 + 2 * 2 + 8);
    assertThat(doc.totalMemory()).isEqualTo(8 + 2 * 4 + 16);
    assertThat(doc.estimatedCost()).isEqualTo("1.5-2.25");
    assertThat(doc.activeRunId()).isEqualTo("run-7");
    assertThat(doc.createdOn()).isEqualTo(CREATED);
    assertThat(doc.lastUsedOn()).isEqualTo(UP);
    assertThat(doc.lastUpdatedOn()).isEqualTo(UP);
    assertThat(doc.spec()).isEqualTo(spec);
  }

  @Test
  void aNewClusterHasNoRunNoCostAndNoLabels() {
    ClusterRequest spec = withLabels(TestSpecs.readmeCluster(List.of()), null);

    ClusterDocument doc = factory.document(cluster(spec));

    assertThat(doc.status()).isEqualTo(ClusterStatus.INACTIVE);
    assertThat(doc.uiStatus()).isEqualTo(UiClusterStatus.INACTIVE);
    assertThat(doc.activeRunId()).isNull();
    assertThat(doc.estimatedCost()).isNull();
    assertThat(doc.labels()).isEmpty();
    assertThat(doc.labelsFlat()).isEmpty();
    assertThat(doc.activePods()).isZero();
    assertThat(doc.totalCores()).isEqualTo(4);
    assertThat(doc.totalMemory()).isEqualTo(8);
    assertThat(doc.createdOn()).isEqualTo(CREATED);
    assertThat(doc.lastUsedOn()).isEqualTo(CREATED);
    assertThat(doc.lastUpdatedOn()).isEqualTo(CREATED);
  }

  @Test
  void labelValuesSharedByKeysAreAllKeptFlat() {
    ClusterRequest spec =
        withLabels(TestSpecs.readmeCluster(List.of()), Map.of("owner", "ds", "team", "ds"));

    ClusterDocument doc = factory.document(cluster(spec));

    assertThat(doc.labelsFlat()).containsExactly("ds", "ds");
  }

  @Test
  void theIndexGetsTheWireNamesAndTheDatesAsStoredBefore() {
    ClusterRequest spec = TestSpecs.readmeCluster(List.of());
    ClusterEntity cluster = cluster(spec);
    cluster.markStarting("run-1", STARTED);

    JsonNode written =
        JsonMapper.builder()
            .build()
            .readTree(
                JsonpUtils.toJsonString(factory.document(cluster), new Jackson3JsonpMapper()));

    // The same text the untyped document had: Instant.toString() and the statuses' wire names.
    assertThat(written.get("created_on").asString()).isEqualTo(CREATED.toString());
    assertThat(written.get("last_used_on").asString()).isEqualTo(STARTED.toString());
    assertThat(written.get("status").asString()).isEqualTo(ClusterStatus.CREATING.wireName());
    assertThat(written.get("ui_status").asString()).isEqualTo("creating");
    assertThat(written.get("is_job_cluster").isBoolean()).isTrue();
    assertThat(written.get("total_cores").isInt()).isTrue();
    assertThat(written.get("labels").get("team").asString()).isEqualTo("ds");
    assertThat(written.get("labels_flat").get(0).asString()).isEqualTo("ds");
    // The spec goes with its request's own names.
    assertThat(written.get("spec").get("cluster_name").asString()).isEqualTo("my-first-cluster");
    // Absent values are left out rather than written as null; both read back as null.
    assertThat(written.has("estimated_cost")).isFalse();
  }

  @Test
  void aPlainJacksonMapperWritesTheSameDates() {
    // The bench's bulk loader writes documents with one.
    JsonNode written =
        JsonMapper.builder()
            .build()
            .valueToTree(factory.document(cluster(TestSpecs.readmeCluster(List.of()))));

    assertThat(written.get("created_on").asString()).isEqualTo(CREATED.toString());
    assertThat(written.get("ui_status").asString()).isEqualTo("inactive");
  }

  private static ClusterRequest withLabels(ClusterRequest r, Map<String, String> labels) {
    return new ClusterRequest(
        r.clusterName(),
        r.tags(),
        labels,
        r.runtime(),
        r.inactiveTime(),
        r.autoTerminationPolicies(),
        r.headNodeConfig(),
        r.workerNodeConfigs(),
        r.advanceConfig(),
        r.user(),
        r.isJobCluster(),
        r.startCluster(),
        r.cloudEnv(),
        r.packagesCloneFrom(),
        r.packages());
  }
}
