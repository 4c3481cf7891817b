package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A stop and a start that the reconciler sees together (another replica held the cluster's lease
 * through both; or, on one replica, the start committed before the stop's pass read the row) still
 * recreate the cluster: a start is a new run, so its pods, and Ray's jobs, libraries and commands
 * on them, start fresh. The pass used to take the old run's RayCluster for the new run's: its pods
 * ran on, the old run's jobs on Ray unseen, its libraries and commands ran again on the same pods.
 */
@OwnContext
// A short lease, so that this replica asks the database for it again a second after its last pass.
@TestPropertySource(properties = "compute.reconciler.lease-duration=2s")
class StopStartTogetherIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;

  @Test
  void aStopAndStartSeenTogetherStillRecreateTheCluster() throws InterruptedException {
    String id = create(ClusterRequests.quickStart(unique("stop-start")));
    awaitStatus(id, "active");
    String before = rayCluster(id).getMetadata().getUid();
    // Held by a replica that is not there: once its own renewal (half the lease) is older than
    // that, this replica's passes leave the cluster alone.
    holdLeaseElsewhere(id);
    Thread.sleep(1_500);
    try {
      Api.Response stopped = api.post("/cluster/stop-cluster/" + id, null, Api.USER);
      assertThat(stopped.status()).as(stopped.raw()).isBetween(200, 299);
      Api.Response started = api.post("/cluster/start-cluster/" + id, null, Api.USER);
      assertThat(started.status()).as(started.raw()).isBetween(200, 299);
      assertThat(rayCluster(id).getMetadata().getUid()).isEqualTo(before);
    } finally {
      jdbc.update(
          "UPDATE clusters SET lease_owner = NULL, lease_until = NULL WHERE cluster_id = ?", id);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              GenericKubernetesResource now = rayCluster(id);
              assertThat(now).isNotNull();
              assertThat(now.getMetadata().getUid()).isNotEqualTo(before);
            });
    awaitStatus(id, "active");
  }

  /**
   * An edit in place seen only while another replica held the cluster's lease, and that replica
   * gone before it applied it (its lease left to expire): this replica applies it once the lease is
   * free. It used to remember the edit as passed, and nothing else would bring the cluster back to
   * a pass: its pods, and so its status and pod count, did not change.
   */
  @Test
  void anEditSeenWhileAnotherReplicaHeldTheLeaseIsAppliedOnceThatReplicaIsGone()
      throws InterruptedException {
    String name = unique("lease-gone");
    String id = create(ClusterRequests.quickStart(name));
    awaitStatus(id, "active");
    holdLeaseElsewhere(id);
    Thread.sleep(1_500);
    try {
      editMaxPodsInPlace(id, 5);
      // The edit's pass and two resyncs (every 2 s here) find the lease held elsewhere.
      Thread.sleep(5_000);
      assertThat(workerMaxReplicas(id)).isEqualTo(2);
      // The holder is gone without applying it: its lease runs out.
      jdbc.update(
          "UPDATE clusters SET lease_until = TIMESTAMPADD(SECOND, -1, CURRENT_TIMESTAMP(3))"
              + " WHERE cluster_id = ?",
          id);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(workerMaxReplicas(id)).isEqualTo(5));
    } finally {
      jdbc.update(
          "UPDATE clusters SET lease_owner = NULL, lease_until = NULL WHERE cluster_id = ?", id);
    }
  }

  /**
   * The cluster's lease held by a replica that is not there, for an hour: once this replica's own
   * renewal (half the lease) is older than that, its passes leave the cluster alone.
   */
  private void holdLeaseElsewhere(String id) {
    jdbc.update(
        "UPDATE clusters SET lease_owner = 'elsewhere',"
            + " lease_until = TIMESTAMPADD(HOUR, 1, CURRENT_TIMESTAMP(3)) WHERE cluster_id = ?",
        id);
  }
}
