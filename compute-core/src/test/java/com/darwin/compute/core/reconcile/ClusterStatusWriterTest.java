package com.darwin.compute.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.status.StatusMessages;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a pass's observation needs no write: decided from the row the pass read, without a
 * transaction, by the same rules the write applies.
 */
class ClusterStatusWriterTest {

  private static ClusterSnapshot row(ClusterStatus status, int activePods, String message) {
    return new ClusterSnapshot(
        "id-observed",
        DesiredState.RUNNING,
        status,
        "run-1",
        0,
        1,
        "sandbox",
        "ray",
        "alice@example.com",
        null,
        TestSpecs.readmeCluster(List.of()),
        activePods,
        message);
  }

  private static PodCensus running(int pods) {
    return new PodCensus(pods > 0, pods > 0, pods > 0, Math.max(0, pods - 1), pods, null);
  }

  @Test
  void theSameStatusPodsAndMessageNeedNoWrite() {
    // A create's first pass: creating, no pods, nothing said.
    assertThat(
            ClusterStatusWriter.unchanged(
                row(ClusterStatus.CREATING, 0, null),
                ClusterStatus.CREATING,
                PodCensus.NONE,
                null,
                true))
        .isTrue();
    assertThat(
            ClusterStatusWriter.unchanged(
                row(ClusterStatus.ACTIVE, 2, null), ClusterStatus.ACTIVE, running(2), null, false))
        .isTrue();
  }

  @Test
  void anyDifferenceIsWritten() {
    ClusterSnapshot creating = row(ClusterStatus.CREATING, 0, null);
    assertThat(
            ClusterStatusWriter.unchanged(
                creating, ClusterStatus.HEAD_NODE_UP, running(1), null, false))
        .as("status and pods")
        .isFalse();
    assertThat(
            ClusterStatusWriter.unchanged(
                creating, ClusterStatus.CREATING, running(1), null, false))
        .as("pods only")
        .isFalse();
    assertThat(
            ClusterStatusWriter.unchanged(
                creating, ClusterStatus.CREATING, PodCensus.NONE, "Back-off pulling image", false))
        .as("message only")
        .isFalse();
  }

  @Test
  void aMessageLongerThanItsColumnIsTheSameOnceStored() {
    String observed = "KubeRay could not create pods: " + "violation; ".repeat(200);
    ClusterSnapshot stored =
        row(ClusterStatus.CREATING, 0, observed.substring(0, ClusterEntity.STATUS_MESSAGE_LENGTH));
    assertThat(
            ClusterStatusWriter.unchanged(
                stored, ClusterStatus.CREATING, PodCensus.NONE, observed, false))
        .isTrue();
  }

  @Test
  void aRejectedSpecIsStillSaidUntilANewSpecIsApplied() {
    String rejected = StatusMessages.INVALID_SPEC_PREFIX + ": bad resources";
    ClusterSnapshot stuck = row(ClusterStatus.CREATING, 0, rejected);
    assertThat(
            ClusterStatusWriter.unchanged(
                stuck, ClusterStatus.CREATING, PodCensus.NONE, null, false))
        .as("the message is kept: nothing to write")
        .isTrue();
    assertThat(
            ClusterStatusWriter.unchanged(
                stuck, ClusterStatus.CREATING, PodCensus.NONE, null, true))
        .as("a new spec was applied: the message is cleared")
        .isFalse();
  }
}
