package com.darwin.compute.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.manifest.RenderHandOver;
import com.darwin.compute.core.store.ClusterTombstoneRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * What a pass remembers of a cluster's failures: a failing cluster is left out of resyncs (its
 * retries have their own backoff), so the mark must go once a pass of it gets through, whatever
 * that pass found.
 */
class ReconcilePassTest {

  private final ClusterStatusWriter writer = mock(ClusterStatusWriter.class);
  private final ClusterTombstoneRepository tombstones = mock(ClusterTombstoneRepository.class);
  private final KubernetesTargets targets = mock(KubernetesTargets.class);
  private final ClusterLeases leases = mock(ClusterLeases.class);
  private final LiveClusters live = mock(LiveClusters.class);
  private final ClusterObjects objects = mock(ClusterObjects.class);

  private final ReconcilePass pass =
      new ReconcilePass(
          writer,
          leases,
          tombstones,
          targets,
          live,
          mock(ClusterManifests.class),
          objects,
          mock(RenderHandOver.class),
          meters(),
          TestingReconcilerProperties.of("replica-a"));

  @SuppressWarnings("unchecked")
  private static ObjectProvider<MeterRegistry> meters() {
    ObjectProvider<MeterRegistry> meters = mock(ObjectProvider.class);
    when(meters.getIfAvailable(any(Supplier.class))).thenReturn(new SimpleMeterRegistry());
    return meters;
  }

  private PassOutcome failOnce(String clusterId) {
    PassOutcome failed = pass.run(clusterId, () -> true);
    // As the reconciler loop counts a failed pass before its retry.
    pass.failedAttempt(clusterId);
    return failed;
  }

  @Test
  void anErrorInAPassIsAFailedPassNotTheEndOfItsWorker() {
    StackOverflowError error = new StackOverflowError("a spec nested too deep");
    when(writer.load("id-deep")).thenThrow(error);

    PassOutcome outcome = failOnce("id-deep");

    assertThat(outcome).isEqualTo(new PassOutcome.Failed(error));
    assertThat(pass.failing("id-deep")).isTrue();
  }

  @Test
  void aClusterThatFailedOnceIsNoLongerFailingOnceAPassFindsNothingOfIt() {
    // A RayCluster of another installation: its first pass fails on the database, the retry
    // finds neither a row nor a tombstone. Still marked failing, a resync would never report it.
    when(writer.load("id-other"))
        .thenThrow(new DataAccessResourceFailureException("database down"))
        .thenReturn(Optional.empty());
    when(targets.all()).thenReturn(List.of());

    assertThat(failOnce("id-other")).isInstanceOf(PassOutcome.Failed.class);
    assertThat(pass.failing("id-other")).isTrue();

    assertThat(pass.run("id-other", () -> true)).isEqualTo(PassOutcome.DONE);
    assertThat(pass.failing("id-other")).isFalse();
  }

  /** Alice's README cluster on the sandbox target, as a pass loads it. */
  private static ClusterSnapshot snapshot(
      String clusterId,
      DesiredState desired,
      ClusterStatus status,
      String runId,
      int restartGeneration,
      int specVersion) {
    return new ClusterSnapshot(
        clusterId,
        desired,
        status,
        runId,
        restartGeneration,
        specVersion,
        "sandbox",
        "ray",
        "alice@example.com",
        null,
        TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 1))),
        0,
        null);
  }

  /** A running cluster of this replica whose runtime is gone: each pass of it is a failed apply. */
  private void runtimeMissingIn(String runId) {
    runtimeMissingIn(runId, DesiredState.RUNNING, 0, 1);
  }

  private void runtimeMissingIn(
      String runId, DesiredState desired, int restartGeneration, int specVersion) {
    KubernetesTarget target = new KubernetesTarget("sandbox", null, "ray");
    when(targets.get("sandbox")).thenReturn(target);
    when(targets.all()).thenReturn(List.of(target));
    when(leases.acquire("id-missing")).thenReturn(true);
    when(live.synced(target)).thenReturn(true);
    when(live.of(target, "id-missing")).thenReturn(LiveCluster.ABSENT);
    when(writer.load("id-missing"))
        .thenReturn(
            Optional.of(
                snapshot(
                    "id-missing",
                    desired,
                    ClusterStatus.CREATING,
                    runId,
                    restartGeneration,
                    specVersion)));
  }

  @Test
  void aFailedApplyIsShownOncePerRunAndAgainAfterAResyncForgotTheCluster() {
    runtimeMissingIn("run-1");
    pass.run("id-missing", () -> true);
    pass.run("id-missing", () -> true);
    verify(writer, times(1)).recordApplyFailure(any(), any());

    // Stopped and started again before any pass saw it stopped: a new run, a new streak.
    runtimeMissingIn("run-2");
    pass.run("id-missing", () -> true);
    verify(writer, times(2)).recordApplyFailure(any(), any());

    // No longer wanted running at a resync: forgotten (memory held for good before).
    pass.retainOnly(Set.of());
    pass.run("id-missing", () -> true);
    verify(writer, times(3)).recordApplyFailure(any(), any());
  }

  @Test
  void aResyncKeepsWhatAPassLearnedOfAClusterCreatedAfterItReadItsCandidates() {
    long readAt = System.nanoTime();
    // Created after the resync's query (not among its candidates), and passed before it forgets.
    runtimeMissingIn("run-1");
    pass.run("id-missing", () -> true);

    pass.retainOnly(Set.of(), readAt);
    pass.run("id-missing", () -> true);

    verify(writer, times(1)).recordApplyFailure(any(), any());
  }

  @Test
  void aPassUnderAnotherReplicasLeaseMarksTheClusterUnappliedOnlyForWhatIsNew() {
    ReconcilePass.Passed applied = new ReconcilePass.Passed(2, 1, 3, true);
    // Nothing new seen: still as this replica applied it (no takeover after a quiet spell).
    assertThat(ReconcilePass.Passed.after(applied, 2, 1, 3, false).applied()).isTrue();
    // An edit or a restart seen: the holder may not live to apply it.
    assertThat(ReconcilePass.Passed.after(applied, 3, 1, 3, false).applied()).isFalse();
    assertThat(ReconcilePass.Passed.after(applied, 2, 2, 3, false).applied()).isFalse();
    // Never seen applied here: unapplied until this replica applies it.
    assertThat(ReconcilePass.Passed.after(null, 2, 1, 3, false).applied()).isFalse();
    assertThat(
            ReconcilePass.Passed.after(new ReconcilePass.Passed(2, 1, 3, false), 2, 1, 3, false)
                .applied())
        .isFalse();
    assertThat(ReconcilePass.Passed.after(null, 2, 1, 3, true).applied()).isTrue();
  }

  /** A stopped cluster of run {@code runId} whose RayCluster is still live. */
  private void stoppedButLiveIn(String runId) {
    KubernetesTarget target = new KubernetesTarget("sandbox", null, "ray");
    when(targets.get("sandbox")).thenReturn(target);
    when(targets.all()).thenReturn(List.of(target));
    when(leases.acquire("id-stopped")).thenReturn(true);
    when(live.synced(target)).thenReturn(true);
    GenericKubernetesResource rayCluster = new GenericKubernetesResource();
    rayCluster.setMetadata(
        new ObjectMetaBuilder().withName("id-stopped-kuberay").withUid("uid-1").build());
    when(live.of(target, "id-stopped")).thenReturn(LiveCluster.of(rayCluster, List.of()));
    when(writer.load("id-stopped"))
        .thenReturn(
            Optional.of(
                snapshot("id-stopped", DesiredState.STOPPED, ClusterStatus.INACTIVE, runId, 0, 1)));
  }

  @Test
  void aRayClusterAStopCannotDeleteIsShownOncePerRunAndRetried() {
    org.mockito.Mockito.doThrow(new KubernetesClientException("forbidden", 403, null))
        .when(objects)
        .delete(any(), any());
    stoppedButLiveIn("run-1");

    assertThat(pass.run("id-stopped", () -> true)).isInstanceOf(PassOutcome.Failed.class);
    assertThat(pass.run("id-stopped", () -> true)).isInstanceOf(PassOutcome.Failed.class);
    // A resync forgets stopped clusters: the failure is still not shown twice.
    pass.retainOnly(Set.of());
    pass.run("id-stopped", () -> true);
    verify(writer, times(1)).recordStopFailure(any(), any());

    // Started and stopped again, still failing: the new run's failure is shown.
    stoppedButLiveIn("run-2");
    pass.run("id-stopped", () -> true);
    verify(writer, times(2)).recordStopFailure(any(), any());

    // Deleted at last, then failing again in the same run: shown again.
    org.mockito.Mockito.doReturn(ApplyResult.DELETED).when(objects).delete(any(), any());
    assertThat(pass.run("id-stopped", () -> true)).isEqualTo(PassOutcome.DONE);
    org.mockito.Mockito.doThrow(new KubernetesClientException("forbidden", 403, null))
        .when(objects)
        .delete(any(), any());
    pass.run("id-stopped", () -> true);
    verify(writer, times(3)).recordStopFailure(any(), any());
  }

  @Test
  void aRestartBeginsANewStreakAnEditDoesNotAndAStopSeenByAPassEndsOne() {
    runtimeMissingIn("run-1");
    pass.run("id-missing", () -> true);
    runtimeMissingIn("run-1", DesiredState.RUNNING, 1, 1); // restarted
    pass.run("id-missing", () -> true);
    verify(writer, times(2)).recordApplyFailure(any(), any());
    runtimeMissingIn("run-1", DesiredState.RUNNING, 1, 2); // edited (its tags, say)
    pass.run("id-missing", () -> true);
    pass.run("id-missing", () -> true);
    verify(writer, times(2)).recordApplyFailure(any(), any());

    // Seen stopped (nothing of it live): the streak ends, in memory too.
    runtimeMissingIn("run-1", DesiredState.STOPPED, 1, 2);
    pass.run("id-missing", () -> true);
    runtimeMissingIn("run-1", DesiredState.RUNNING, 1, 2);
    pass.run("id-missing", () -> true);
    verify(writer, times(3)).recordApplyFailure(any(), any());
  }

  @Test
  void aResyncForgetsTheFailuresOfClustersNoLongerWantedRunning() {
    when(writer.load("id-stopped"))
        .thenThrow(new DataAccessResourceFailureException("database down"));
    failOnce("id-stopped");
    when(writer.load("id-running"))
        .thenThrow(new DataAccessResourceFailureException("database down"));
    failOnce("id-running");

    pass.retainOnly(Set.of("id-running"));

    assertThat(pass.failing("id-stopped"))
        .as("looked at again if something of it is left")
        .isFalse();
    assertThat(pass.failing("id-running")).as("still in its backoff").isTrue();
  }
}
