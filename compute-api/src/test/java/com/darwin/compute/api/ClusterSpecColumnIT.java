package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ClusterSpecCodec;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.ClusterRequest;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The spec column seen through its JPA converter: the JSON it holds is the codec's, rows written
 * before a field was added or after one was dropped still read, and loading a cluster in a writing
 * transaction never writes it back (the converted value must not look dirty).
 */
class ClusterSpecColumnIT extends ApiIntegrationTest {

  @Autowired ClusterRepository clusters;
  @Autowired ClusterReads reads;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired EntityManagerFactory entityManagers;

  private final ClusterSpecCodec codec = new ClusterSpecCodec();
  private final JsonMapper json = JsonMapper.builder().build();

  private String column(String id) {
    return jdbc.queryForObject("SELECT spec FROM clusters WHERE cluster_id = ?", String.class, id);
  }

  private long version(String id) {
    return jdbc.queryForObject("SELECT version FROM clusters WHERE cluster_id = ?", Long.class, id);
  }

  @Test
  void theColumnHoldsTheCodecsJsonOfTheSpec() {
    String id = createStopped("spec-col");

    ClusterEntity cluster = reads.cluster(id);

    assertThat(cluster.getSpec().clusterName()).isEqualTo(cluster.getName());
    assertThat(cluster.getSpec().tags()).containsExactly("demo");
    // Compared as JSON: the database keeps its own spacing, and the spec's maps have no order.
    assertThat(json.readTree(column(id))).isEqualTo(json.readTree(codec.write(cluster.getSpec())));
  }

  @Test
  void loadingClustersInAWritingTransactionIssuesNoUpdate() {
    String first = createStopped("spec-clean-a");
    String second = createStopped("spec-clean-b");
    long firstVersion = version(first);
    long secondVersion = version(second);
    String firstColumn = column(first);

    SqlStatementCounter.start();
    int statements;
    try {
      new TransactionTemplate(transactions)
          .executeWithoutResult(
              tx -> {
                List<ClusterEntity> loaded = clusters.findAllById(List.of(first, second));
                assertThat(loaded).hasSize(2);
                loaded.forEach(c -> assertThat(c.getSpec().runtime()).isEqualTo("0.0"));
              });
    } finally {
      statements = SqlStatementCounter.stop();
    }

    // The one SELECT; a dirty spec would add an UPDATE per row at commit and bump the versions.
    assertThat(statements).isEqualTo(1);
    assertThat(version(first)).isEqualTo(firstVersion);
    assertThat(version(second)).isEqualTo(secondVersion);
    assertThat(column(first)).isEqualTo(firstColumn);
  }

  @Test
  void theLoadedSpecIsItsOwnSnapshotNotACopyThroughJson() {
    var spec =
        entityManagers
            .unwrap(SessionFactoryImplementor.class)
            .getMappingMetamodel()
            .getEntityDescriptor(ClusterEntity.class)
            .findAttributeMapping("spec");

    // A mutable plan would serialise and parse every loaded spec once more to dirty-check it.
    assertThat(spec.getAttributeMetadata().getMutabilityPlan().isMutable()).isFalse();
  }

  @Test
  void aRowWrittenBeforeTheSpecChangedShapeStillReadsAndIsNotRewritten() {
    String id = createStopped("spec-old");
    ObjectNode old = (ObjectNode) json.readTree(column(id));
    old.remove("tags");
    old.remove("advance_config");
    old.put("retired_setting", "from an older release");
    String stored = json.writeValueAsString(old);
    jdbc.update("UPDATE clusters SET spec = ? WHERE cluster_id = ?", stored, id);
    long version = version(id);

    ClusterRequest spec =
        new TransactionTemplate(transactions)
            .execute(tx -> clusters.findById(id).orElseThrow().getSpec());

    assertThat(spec.tags()).isEmpty();
    assertThat(spec.advanceConfig()).isEqualTo(AdvanceConfig.defaults());
    assertThat(spec.clusterName()).isEqualTo(old.get("cluster_name").asString());
    assertThat(column(id)).isEqualTo(stored);
    assertThat(version(id)).isEqualTo(version);
    Api.Response read = api.get("/cluster/" + id);
    assertThat(read.status()).as(read.raw()).isEqualTo(200);
  }
}
