package com.darwin.compute.core.status;

import static com.darwin.compute.model.cluster.ClusterStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.event.ChronosEventTypes;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.event.ClusterEventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStatusDeriverTest {

  private static PodCensus pods(boolean head, boolean jupyter, int workers) {
    return new PodCensus(head, head, jupyter, workers, (head ? 1 : 0) + workers, null);
  }

  @Test
  void comesUpThroughHeadJupyterAndWorkers() {
    assertThat(ClusterStatusDeriver.derive(CREATING, PodCensus.NONE, 1)).isEqualTo(CREATING);
    assertThat(ClusterStatusDeriver.derive(CREATING, pods(true, false, 0), 1))
        .isEqualTo(HEAD_NODE_UP);
    assertThat(ClusterStatusDeriver.derive(HEAD_NODE_UP, pods(true, true, 0), 1))
        .isEqualTo(JUPYTER_UP);
    assertThat(ClusterStatusDeriver.derive(JUPYTER_UP, pods(true, true, 1), 1)).isEqualTo(ACTIVE);
  }

  @Test
  void aClusterWithoutWorkersIsActiveOnceJupyterIsUp() {
    assertThat(ClusterStatusDeriver.derive(HEAD_NODE_UP, pods(true, true, 0), 0)).isEqualTo(ACTIVE);
  }

  @Test
  void extraWorkersAreScaledAndMissingOnesDied() {
    assertThat(ClusterStatusDeriver.derive(ACTIVE, pods(true, true, 3), 1))
        .isEqualTo(WORKER_NODES_SCALED);
    assertThat(ClusterStatusDeriver.derive(ACTIVE, pods(true, true, 0), 2))
        .isEqualTo(WORKER_NODES_DIED);
    assertThat(ClusterStatusDeriver.derive(WORKER_NODES_DIED, pods(true, true, 2), 2))
        .isEqualTo(ACTIVE);
  }

  @Test
  void aLostHeadIsHeadDiedOrClusterDied() {
    assertThat(ClusterStatusDeriver.derive(ACTIVE, pods(false, false, 1), 1))
        .isEqualTo(HEAD_NODE_DIED);
    assertThat(ClusterStatusDeriver.derive(ACTIVE, pods(false, false, 0), 1))
        .isEqualTo(CLUSTER_DIED);
    assertThat(ClusterStatusDeriver.derive(HEAD_NODE_DIED, pods(true, false, 1), 1))
        .isEqualTo(HEAD_NODE_UP);
  }

  @Test
  void aJumpOnTheWayUpRecordsEveryStepPassed() {
    assertThat(TransitionAction.path(HEAD_NODE_UP, ACTIVE))
        .extracting(t -> t.action().wireName())
        .containsExactly("Jupyter Up", "Worker Nodes Up", "Running");
    // Up with more workers than the minimum: ready (announced) before scaled.
    assertThat(TransitionAction.path(CREATING, WORKER_NODES_SCALED))
        .extracting(t -> t.action().wireName())
        .containsExactly(
            "Head Node Up", "Jupyter Up", "Worker Nodes Up", "Running", "Worker Nodes Scaled");
    assertThat(TransitionAction.path(CREATING, WORKER_NODES_SCALED))
        .extracting(TransitionAction::event)
        .contains(ClusterEventType.CLUSTER_READY);
    assertThat(TransitionAction.path(ACTIVE, HEAD_NODE_DIED))
        .extracting(t -> t.action().wireName())
        .containsExactly("Head Node Died");
  }

  @Test
  void theWayBackFromADeadHeadPassesHeadNodeUp() {
    // Head, Jupyter and workers ready in one observation: every step is announced, as the Python
    // service's walk through cluster_died -> head_node_up -> jupyter_up -> active did.
    for (ClusterStatus dead : List.of(CLUSTER_DIED, HEAD_NODE_DIED)) {
      assertThat(TransitionAction.path(dead, ACTIVE))
          .extracting(TransitionAction::event)
          .containsExactly(
              ClusterEventType.HEAD_NODE_UP,
              ClusterEventType.JUPYTER_UP,
              ClusterEventType.WORKER_NODES_UP,
              ClusterEventType.CLUSTER_READY);
      assertThat(TransitionAction.path(dead, ACTIVE).get(0).message())
          .isEqualTo("Head node is back");
      assertThat(TransitionAction.path(dead, HEAD_NODE_UP))
          .extracting(t -> t.action().wireName())
          .containsExactly("Head Node Up");
      // Back without all its workers: head and Jupyter are up, the workers are not, so it is not
      // announced ready (the Python walk passed active here and was).
      assertThat(TransitionAction.path(dead, WORKER_NODES_DIED))
          .extracting(TransitionAction::event)
          .containsExactly(
              ClusterEventType.HEAD_NODE_UP,
              ClusterEventType.JUPYTER_UP,
              ClusterEventType.WORKER_NODES_DIED);
      assertThat(TransitionAction.path(dead, WORKER_NODES_SCALED))
          .extracting(TransitionAction::event)
          .containsExactly(
              ClusterEventType.HEAD_NODE_UP,
              ClusterEventType.JUPYTER_UP,
              ClusterEventType.WORKER_NODES_UP,
              ClusterEventType.CLUSTER_READY,
              ClusterEventType.WORKER_NODES_SCALED);
    }
    assertThat(TransitionAction.path(HEAD_NODE_DIED, CLUSTER_DIED))
        .extracting(TransitionAction::event)
        .containsExactly(ClusterEventType.CLUSTER_DIED);
  }

  @Test
  void workersThatComeBackAreAnnouncedAsWorkersUpNotAsAReadyCluster() {
    assertThat(TransitionAction.path(WORKER_NODES_DIED, ACTIVE))
        .containsExactly(
            new TransitionAction(
                TimelineAction.RUNNING, "Worker nodes are back", ClusterEventType.WORKER_NODES_UP));
    assertThat(TransitionAction.path(JUPYTER_UP, ACTIVE))
        .extracting(TransitionAction::event)
        .containsExactly(ClusterEventType.WORKER_NODES_UP, ClusterEventType.CLUSTER_READY);
    // Lost workers back, and more than the minimum: back, then scaled.
    assertThat(TransitionAction.path(WORKER_NODES_DIED, WORKER_NODES_SCALED))
        .extracting(TransitionAction::event)
        .containsExactly(ClusterEventType.WORKER_NODES_UP, ClusterEventType.WORKER_NODES_SCALED);
  }

  @Test
  void whatThePythonServiceDidNotAnnounceIsRecordedUnderTypesThatAreNotForwarded() {
    assertThat(TransitionAction.path(WORKER_NODES_SCALED, ACTIVE))
        .containsExactly(
            new TransitionAction(
                TimelineAction.RUNNING,
                "Worker nodes are scaled down",
                ClusterEventType.WORKER_NODES_SCALED_DOWN));
    for (ClusterStatus headUp :
        List.of(JUPYTER_UP, ACTIVE, WORKER_NODES_SCALED, WORKER_NODES_DIED)) {
      assertThat(TransitionAction.path(headUp, HEAD_NODE_UP))
          .as(headUp.name())
          .containsExactly(
              new TransitionAction(
                  TimelineAction.HEAD_NODE_UP, "Jupyter is down", ClusterEventType.JUPYTER_DOWN));
    }
    assertThat(ChronosEventTypes.of("WORKER_NODES_SCALED_DOWN")).isEmpty();
    assertThat(ChronosEventTypes.of("JUPYTER_DOWN")).isEmpty();
  }

  @Test
  void transitionsUseThePythonVocabulary() {
    assertThat(TransitionAction.of(CREATING, HEAD_NODE_UP).action().wireName())
        .isEqualTo("Head Node Up");
    assertThat(TransitionAction.of(JUPYTER_UP, ACTIVE))
        .isEqualTo(new TransitionAction(TimelineAction.of("Running"), "Cluster is running"));
    assertThat(TransitionAction.of(WORKER_NODES_DIED, ACTIVE).message())
        .isEqualTo("Worker nodes are back");
  }
}
