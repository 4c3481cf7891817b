package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.core.kube.KubernetesEventObservation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas watch the same Kubernetes events and store each once (the unique external key). A
 * replica whose batch meets a row the other stored while it was writing stores the rest of the
 * batch one by one. Here the other replica is a transaction on a connection of its own that has
 * inserted one of the batch's events and commits while this replica's insert waits on that key.
 */
class KubernetesEventReplicaRaceIT extends ApiIntegrationTest {

  @Autowired KubernetesEventRecorder recorder;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aDuplicateCommittedByAnotherReplicaMidBatchLosesNoOtherEvent() throws Exception {
    String id = createStopped("replica-race");
    String taken = "race-" + System.nanoTime() + ":1";
    String other = "race-" + System.nanoTime() + ":2";
    Instant at = Instant.now();

    try (Connection replica = dataSource.getConnection()) {
      replica.setAutoCommit(false);
      try (PreparedStatement insert =
          replica.prepareStatement(
              "INSERT INTO cluster_events (cluster_id, event_type, severity, source, message,"
                  + " external_key, created_at) VALUES (?, 'KUBERNETES_EVENT', 'INFO',"
                  + " 'KUBERNETES', 'stored by the other replica', ?, ?)")) {
        insert.setString(1, id);
        insert.setString(2, taken);
        insert.setTimestamp(3, Timestamp.from(at));
        insert.executeUpdate();
      }
      // Not committed yet: this replica's check for stored keys does not see it, and its insert
      // waits on the key until the other replica commits.
      CompletableFuture<Void> batch =
          CompletableFuture.runAsync(
              () ->
                  recorder.record(List.of(observation(id, taken, at), observation(id, other, at))));
      // Committed once the batch's insert waits on the key (or has ended), not after a fixed
      // pause: the wait ends at the session's lock wait timeout (2 s), which a late test thread on
      // a loaded machine could pass.
      await().atMost(Duration.ofSeconds(20)).until(() -> batch.isDone() || insertWaiting(replica));
      replica.commit();
      batch.get(30, TimeUnit.SECONDS);
    }

    assertThat(
            jdbc.queryForList(
                "SELECT external_key FROM cluster_events WHERE cluster_id = ? AND external_key IN"
                    + " (?, ?) ORDER BY external_key",
                String.class,
                id,
                taken,
                other))
        .containsExactly(taken, other);
  }

  /** Whether an insert into the events waits for a lock, in this test's database. */
  private static boolean insertWaiting(Connection own) throws java.sql.SQLException {
    try (java.sql.Statement statement = own.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery(
                "SELECT 1 FROM information_schema.innodb_trx t"
                    + " JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id"
                    + " WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()"
                    + " AND t.trx_query LIKE '%INSERT INTO cluster_events%'")) {
      return rows.next();
    }
  }

  private static KubernetesEventObservation observation(String clusterId, String key, Instant at) {
    return new KubernetesEventObservation(
        clusterId,
        key,
        "Normal",
        "Created",
        "event " + key,
        "Pod",
        clusterId + "-kuberay-head",
        at);
  }
}
