package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.reconcile.ClusterReconciler;
import com.darwin.compute.core.store.SqlStatementCounter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The resync is a safety net for missed events: it compares every row with the informer caches in
 * memory and queues a full pass only for clusters that diverge. Only the explicit calls here
 * resync.
 */
@TestPropertySource(properties = "compute.reconciler.resync-interval=1h")
@OwnContext
class ResyncIT extends ApiIntegrationTest {

  @Autowired ClusterReconciler reconciler;
  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterObserver observer;

  private List<String> activeClusters(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(create(ClusterRequests.quickStart(unique("resync-" + i))));
    }
    ids.forEach(id -> awaitStatus(id, "active"));
    return ids;
  }

  private void awaitSettled() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> reconciler.resync() == 0);
  }

  private int statementsOfOneResync() {
    SqlStatementCounter.start();
    reconciler.resync();
    return SqlStatementCounter.stop();
  }

  @Test
  void settledClustersCostOneQueryWhateverTheirNumber() {
    activeClusters(2);
    awaitSettled();
    int few = statementsOfOneResync();

    activeClusters(6);
    awaitSettled();
    int more = statementsOfOneResync();

    // The candidates alone: every live RayCluster is one of theirs, so nothing else is looked up.
    assertThat(few).isEqualTo(1);
    assertThat(more).isEqualTo(few);
  }

  @Test
  void aRowThatDisagreesWithTheLiveClusterGetsAFullPass() {
    String id = activeClusters(1).get(0);
    awaitSettled();

    // As if a status write had been lost: the row says the head is up, the pods say active.
    jdbc.update("UPDATE clusters SET status = 'head_node_up' WHERE cluster_id = ?", id);
    assertThat(reconciler.resync()).isGreaterThanOrEqualTo(1);
    awaitStatus(id, "active");

    // As if a spec change's event had been missed: the pass renders and applies again.
    jdbc.update("UPDATE clusters SET spec_version = spec_version + 1 WHERE cluster_id = ?", id);
    assertThat(reconciler.resync()).isGreaterThanOrEqualTo(1);
    awaitSettled();
  }

  /**
   * RayClusters labelled as ours that this database never knew (another installation sharing the
   * namespace): each reported once, found new in one query for all, and never looked up again.
   */
  @Test
  void orphansAreReportedOnceAndThenCostNothing() {
    activeClusters(1);
    awaitSettled();
    int settled = statementsOfOneResync();

    String tag = Long.toString(System.nanoTime(), 36);
    List<String> orphans = List.of("id-orphan-a" + tag, "id-orphan-b" + tag, "id-orphan-c" + tag);
    orphans.forEach(id -> OrphanRayClusters.create(sandbox, id));
    List<Integer> untilReported = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              untilReported.add(statementsOfOneResync());
              assertThat(reconciler.reportedOrphans())
                  .contains(orphans.stream().map(id -> "sandbox/" + id).toArray(String[]::new));
            });
    // New orphans add one lookup (rows and tombstones) for all of them, not one each.
    assertThat(untilReported).allMatch(count -> count <= settled + 1, "at most one more");
    assertThat(statementsOfOneResync()).isEqualTo(settled);
    for (String id : orphans) {
      assertThat(
              RayClusterKind.in(sandbox.kubernetes().client())
                  .inNamespace("ray")
                  .withName(id + "-kuberay")
                  .get())
          .as("left alone")
          .isNotNull();
    }

    // The other installation deletes one: forgotten at the next resync, the others still known.
    RayClusterKind.in(sandbox.kubernetes().client())
        .inNamespace("ray")
        .withName(orphans.get(0) + "-kuberay")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              reconciler.resync();
              assertThat(reconciler.reportedOrphans()).doesNotContain("sandbox/" + orphans.get(0));
            });
    // The others stay known, resync after resync, and cost no lookup.
    for (int i = 0; i < 2; i++) {
      assertThat(statementsOfOneResync()).isEqualTo(settled);
      assertThat(reconciler.reportedOrphans())
          .contains("sandbox/" + orphans.get(1), "sandbox/" + orphans.get(2));
    }
  }

  /** One resync queues the cluster, whose pass deletes its RayCluster (not an orphan: ours). */
  private void resyncDeletesLeftover(String clusterId) {
    assertThat(reconciler.resync()).isGreaterThanOrEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> rayClusterOf(clusterId) == null);
    assertThat(reconciler.reportedOrphans()).doesNotContain("sandbox/" + clusterId);
  }

  private GenericKubernetesResource rayClusterOf(String clusterId) {
    return RayClusterKind.in(sandbox.kubernetes().client())
        .inNamespace("ray")
        .withName(clusterId + "-kuberay")
        .get();
  }

  /**
   * A stopped cluster whose RayCluster is still there (its deletion lost, say to a restart between
   * the stop's commit and the delete): its row is no candidate, but the live object is compared
   * too, and its pass deletes it.
   */
  @Test
  void aStoppedClustersLeftoverRayClusterIsDeleted() {
    String id = activeClusters(1).get(0);
    awaitSettled();

    jdbc.update(
        "UPDATE clusters SET desired_state = 'STOPPED', status = 'inactive' WHERE cluster_id = ?",
        id);
    resyncDeletesLeftover(id);
  }

  /** The same, its RayCluster's cluster-id label removed by hand: still its cluster's by name. */
  @Test
  void aStoppedClustersLeftoverRayClusterWithoutItsLabelIsDeleted() {
    String id = activeClusters(1).get(0);
    awaitSettled();
    jdbc.update(
        "UPDATE clusters SET desired_state = 'STOPPED', status = 'inactive' WHERE cluster_id = ?",
        id);
    RayClusterKind.in(sandbox.kubernetes().client())
        .inNamespace("ray")
        .withName(id + "-kuberay")
        .edit(
            rc -> {
              rc.getMetadata().getLabels().remove("darwin.io/cluster-id");
              return rc;
            });
    // Unlike the stop (written behind the reconciler's back), the edit is an event: it may wake
    // the cluster's pass before the resync, which then has nothing left to queue (one run failed
    // on that). Either way the object goes, and is never taken for another installation's.
    reconciler.resync();
    await().atMost(Duration.ofSeconds(30)).until(() -> rayClusterOf(id) == null);
    assertThat(reconciler.reportedOrphans()).doesNotContain("sandbox/" + id);
  }

  /**
   * A stopped cluster moved to another target while its RayCluster on the first was not deleted:
   * its pass looks at its new target, where nothing is, and must still remove the object left on
   * the old one (it was queued at every resync and never deleted).
   */
  @Test
  void aMovedClustersLeftoverOnItsOldTargetIsDeleted() {
    String id = activeClusters(1).get(0);
    awaitSettled();

    jdbc.update(
        "UPDATE clusters SET desired_state = 'STOPPED', status = 'inactive',"
            + " cloud_env = 'sandbox-east', namespace = 'ray-east' WHERE cluster_id = ?",
        id);
    resyncDeletesLeftover(id);
  }

  /**
   * A running cluster whose row names another target than the one its RayCluster is on: the id is a
   * candidate, but not on that target, so the object there is still a leftover. The pass brings the
   * cluster up where its row says and removes the other.
   */
  @Test
  void aRunningClustersObjectOnAnotherTargetIsDeleted() {
    String id = activeClusters(1).get(0);
    awaitSettled();

    jdbc.update(
        "UPDATE clusters SET cloud_env = 'sandbox-east', namespace = 'ray-east'"
            + " WHERE cluster_id = ?",
        id);
    resyncDeletesLeftover(id);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                RayClusterKind.in(sandbox.kubernetes().client())
                        .inNamespace("ray-east")
                        .withName(id + "-kuberay")
                        .get()
                    != null);
  }

  /**
   * A deleted cluster's RayCluster left behind (the delete committed, its objects' removal lost):
   * the tombstone says it was ours, so the resync hands it to a pass, which removes it.
   */
  @Test
  void aDeletedClustersLeftoverRayClusterIsRemoved() {
    activeClusters(1);
    awaitSettled();
    String id = "id-gone" + Long.toString(System.nanoTime(), 36);
    OrphanRayClusters.create(sandbox, id);
    // Its watch event's pass has run and found neither a row nor a tombstone: left alone. The
    // informer's cache holds the object a moment before its handler queues the pass, so the
    // queue must stay empty for a while, not just once.
    await().atMost(Duration.ofSeconds(30)).until(() -> observer.rayCluster("sandbox", id) != null);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(30))
        .until(() -> reconciler.backlog() == 0);
    jdbc.update(
        "INSERT INTO cluster_tombstones (cluster_id, deleted_at) VALUES (?, CURRENT_TIMESTAMP(3))",
        id);

    resyncDeletesLeftover(id);
  }
}
