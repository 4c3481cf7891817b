package com.darwin.compute.core.status;

import static com.darwin.compute.model.cluster.ClusterStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.timeline.TimelineAction;
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
        .containsExactly("Jupyter Up", "Running");
    assertThat(TransitionAction.path(CREATING, WORKER_NODES_SCALED))
        .extracting(t -> t.action().wireName())
        .containsExactly("Head Node Up", "Jupyter Up", "Worker Nodes Scaled");
    assertThat(TransitionAction.path(ACTIVE, HEAD_NODE_DIED))
        .extracting(t -> t.action().wireName())
        .containsExactly("Head Node Died");
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
