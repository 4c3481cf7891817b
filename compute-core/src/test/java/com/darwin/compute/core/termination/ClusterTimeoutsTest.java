package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.TimeoutProperties;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timeout job's decisions: clusters that never came up, clusters dead too long. */
class ClusterTimeoutsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration CREATION = Duration.ofMinutes(40);
  private static final Duration DEAD = Duration.ofMinutes(30);

  private final ClusterTimeouts timeouts =
      new ClusterTimeouts(new TimeoutProperties(CREATION, DEAD, Duration.ofMinutes(1)));

  private static ClusterEntity stopped() {
    return new ClusterEntity(
        "id-c", "c", "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
  }

  /** Started at T0 and, if given, moved to {@code status} at {@code at}. */
  private static ClusterEntity started(ClusterStatus status, Instant at) {
    ClusterEntity cluster = stopped();
    cluster.markStarting("run-1", T0);
    if (status != null) {
      cluster.changeStatus(status, null, at);
    }
    return cluster;
  }

  private Optional<ClusterTimeouts.Timeout> dueAt(ClusterEntity cluster, Duration after) {
    return timeouts.due(cluster, T0.plus(after));
  }

  @Test
  void aClusterStillCreatingIsDueJustAfterTheCreationTimeout() {
    ClusterEntity creating = started(null, null);

    assertThat(dueAt(creating, CREATION.minusSeconds(1))).isEmpty();
    // Exactly at the limit it gets one more sweep.
    assertThat(dueAt(creating, CREATION)).isEmpty();
    assertThat(dueAt(creating, CREATION.plusMillis(1)))
        .contains(ClusterTimeouts.Timeout.NEVER_CAME_UP);
  }

  @Test
  void everyNotYetUpStatusCountsFromTheStartNotFromTheLastStatusChange() {
    for (ClusterStatus status :
        new ClusterStatus[] {
          ClusterStatus.HEAD_NODE_UP, ClusterStatus.JUPYTER_UP, ClusterStatus.HEAD_NODE_DIED
        }) {
      ClusterEntity cluster = started(status, T0.plus(Duration.ofMinutes(39)));

      assertThat(dueAt(cluster, CREATION.plusSeconds(1)))
          .as(status.name())
          .contains(ClusterTimeouts.Timeout.NEVER_CAME_UP);
    }
  }

  @Test
  void anActiveClusterIsNeverTimedOutHoweverLongAgoItStarted() {
    for (ClusterStatus status :
        new ClusterStatus[] {
          ClusterStatus.ACTIVE, ClusterStatus.WORKER_NODES_SCALED, ClusterStatus.WORKER_NODES_DIED
        }) {
      assertThat(dueAt(started(status, T0.plusSeconds(60)), Duration.ofDays(3)))
          .as(status.name())
          .isEmpty();
    }
  }

  @Test
  void theCreationTimeoutCountsAgainFromWhenAnActiveClusterStoppedBeingActive() {
    ClusterEntity cluster = started(ClusterStatus.ACTIVE, T0.plusSeconds(60));
    Instant fellBack = T0.plus(Duration.ofHours(5));
    cluster.changeStatus(ClusterStatus.HEAD_NODE_UP, null, fellBack);

    assertThat(timeouts.due(cluster, fellBack.plus(CREATION))).isEmpty();
    assertThat(timeouts.due(cluster, fellBack.plus(CREATION).plusSeconds(1)))
        .contains(ClusterTimeouts.Timeout.NEVER_CAME_UP);
  }

  @Test
  void aRestartGivesTheClusterAFreshCreationTimeout() {
    ClusterEntity cluster = started(ClusterStatus.ACTIVE, T0.plusSeconds(60));
    Instant restarted = T0.plus(Duration.ofHours(2));
    cluster.markRestarting(restarted);

    assertThat(timeouts.due(cluster, restarted.plus(CREATION).minusSeconds(1))).isEmpty();
    assertThat(timeouts.due(cluster, restarted.plus(CREATION).plusSeconds(1)))
        .contains(ClusterTimeouts.Timeout.NEVER_CAME_UP);
  }

  @Test
  void aDeadClusterIsDueJustAfterTheDeadTimeoutFromWhenItDied() {
    Instant died = T0.plus(Duration.ofMinutes(10));
    ClusterEntity dead = started(ClusterStatus.CLUSTER_DIED, died);

    assertThat(timeouts.due(dead, died.plus(DEAD).minusSeconds(1))).isEmpty();
    assertThat(timeouts.due(dead, died.plus(DEAD))).isEmpty();
    assertThat(timeouts.due(dead, died.plus(DEAD).plusMillis(1)))
        .contains(ClusterTimeouts.Timeout.DEAD);
  }

  @Test
  void aDeadClusterIsNotTimedOutAsNeverCameUpBeforeItsDeadTimeout() {
    // Dead 10 minutes but started long ago: the creation timeout is not what stops it.
    Instant died = T0.plus(Duration.ofHours(3));
    ClusterEntity dead = started(ClusterStatus.CLUSTER_DIED, died);

    assertThat(timeouts.due(dead, died.plus(Duration.ofMinutes(10)))).isEmpty();
  }

  @Test
  void aClusterNotWantedRunningIsNeverDue() {
    ClusterEntity cluster = started(ClusterStatus.CLUSTER_DIED, T0);
    cluster.markStopped(T0.plusSeconds(1));

    assertThat(dueAt(cluster, Duration.ofDays(1))).isEmpty();
    assertThat(dueAt(stopped(), Duration.ofDays(1))).isEmpty();
  }

  @Test
  void theJobReadsExactlyTheStatusesItMayActOn() {
    assertThat(ClusterTimeouts.WATCHED)
        .containsExactlyInAnyOrder(
            ClusterStatus.CREATING,
            ClusterStatus.HEAD_NODE_UP,
            ClusterStatus.JUPYTER_UP,
            ClusterStatus.HEAD_NODE_DIED,
            ClusterStatus.CLUSTER_DIED);
  }
}
