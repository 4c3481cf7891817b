package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.ray.RayJobsClient;
import com.darwin.compute.core.ray.RayJobsException;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.RayJobEntity;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.job.Admission;
import com.darwin.compute.model.job.JobStatus;
import com.darwin.compute.model.job.JobSubmitRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * What a send of a stored job to Ray came to, which a submission answers by: a refusal of the body
 * is one whoever ended the row, and a job that ended here while on its way is neither taken nor
 * refused. And what a late look at Ray, a read, or a delete does with a row another writer changed.
 */
class JobForwardingTest {

  private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");
  private static final String DASHBOARD = "http://head:8265";

  private final JobStore store = mock(JobStore.class);
  private final RayJobsClient ray = mock(RayJobsClient.class);
  private final DashboardUrls endpoints = mock(DashboardUrls.class);
  private final ClusterEntity cluster = activeCluster();
  private final RayJobEntity job = openJob();
  private JobService service;

  @TempDir Path spool;

  /** The restart generation of a cluster's first run (every start is a new one). */
  private static final int STARTED = 1;

  private static ClusterEntity activeCluster() {
    ClusterEntity cluster =
        new ClusterEntity("c", "c", "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
    cluster.markStarting("run-1", T0);
    cluster.changeStatus(ClusterStatus.ACTIVE, null, T0);
    return cluster;
  }

  private static RayJobEntity openJob() {
    return openJob(T0);
  }

  private static RayJobEntity openJob(Instant createdAt) {
    RayJobEntity job =
        new RayJobEntity(
            "c",
            "job-1",
            "python x.py",
            "{}",
            "u@example.com",
            "run-1",
            Admission.FITS_NOW,
            null,
            createdAt);
    ReflectionTestUtils.setField(job, "id", 1L);
    return job;
  }

  /** The row as another writer left it: ended here, not at Ray. */
  private static RayJobEntity endedHere() {
    RayJobEntity ended = openJob();
    ended.endBeforeForwarding(JobStatus.STOPPED, "Stopped by u@example.com", T0);
    return ended;
  }

  /** A row ended here, not at Ray, as a read of it finds it now. */
  private RayJobEntity endedAsReadNow() {
    RayJobEntity ended = endedHere();
    when(store.find("c", "job-1")).thenReturn(Optional.of(ended));
    return ended;
  }

  @BeforeEach
  void wire() {
    service =
        new JobService(
            store,
            ray,
            endpoints,
            JobSpoolDirectoryTest.spoolingIn(spool),
            Clock.fixed(T0, ZoneOffset.UTC));
    when(endpoints.rayDashboardApi(cluster)).thenReturn(DASHBOARD);
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    when(store.request(any())).thenReturn(JobSubmitRequest.of("python x.py"));
  }

  @Test
  void aJobWaitingForItsClusterFailsOnceTheSubmitTimeoutHasPassedSayingWhereTheClusterStood() {
    ClusterEntity headDown = activeCluster();
    headDown.changeStatus(ClusterStatus.HEAD_NODE_DIED, null, T0);

    service.failIfWaitedOut(headDown, openJob(T0.minus(Duration.ofMinutes(44))));
    verify(store, never()).endUnforwarded(anyLong(), any(), anyString());

    service.failIfWaitedOut(headDown, openJob(T0.minus(Duration.ofMinutes(46))));
    verify(store)
        .endUnforwarded(
            1L,
            JobStatus.FAILED,
            "The cluster was not active within 45 minutes of the submission (its status:"
                + " head_node_died)");
  }

  @Test
  void takenWithItsRowOpenIsTaken() throws Exception {
    when(store.markForwarded(1L, STARTED)).thenReturn(true);

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.TAKEN);
    verify(ray, never()).stop(anyString(), anyString());
  }

  @Test
  void aSendIsOfTheClusterAsItIsNowAndRecordsItsRestartGeneration() throws Exception {
    // The caller read the cluster before a restart: the send waits for the restarted head.
    ClusterEntity restarting = activeCluster();
    restarting.markRestarting(T0.plusSeconds(1));
    when(store.findCluster("c")).thenReturn(Optional.of(restarting));
    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.NOT_SENT);
    verify(ray, never()).submit(anyString(), any());

    // Back up: sent to it, and recorded with its generation, not the one the caller read.
    restarting.changeStatus(ClusterStatus.ACTIVE, null, T0.plusSeconds(2));
    when(endpoints.rayDashboardApi(restarting)).thenReturn(DASHBOARD);
    when(store.markForwarded(1L, STARTED + 1)).thenReturn(true);
    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.TAKEN);
    verify(store).markForwarded(1L, STARTED + 1);
  }

  @Test
  void takenAfterItsRowEndedIsStoppedOnRayAndEndedMeanwhile() throws Exception {
    when(store.markForwarded(1L, STARTED)).thenReturn(false);

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.ENDED_MEANWHILE);
    verify(ray).stop(DASHBOARD, "job-1");
  }

  @Test
  void aRefusalIsRefusedWithRaysReasonWhenThisSendEndsTheRow() throws Exception {
    when(ray.submit(eq(DASHBOARD), any())).thenThrow(new RayJobsException(400, "bad pip spec"));
    when(store.endUnforwarded(1L, JobStatus.FAILED, "Ray refused the job: bad pip spec"))
        .thenReturn(true);

    assertThat(service.forward(cluster, job))
        .isEqualTo(Forwarding.refused("Ray refused the job: bad pip spec"));
    verify(store).endUnforwarded(1L, JobStatus.FAILED, "Ray refused the job: bad pip spec");
  }

  @Test
  void aRefusalIsRefusedEvenWhenAnotherSendHeardItFirstAndEndedTheRow() throws Exception {
    // The follower sent the same job at the same time: the row is ended already, by the same
    // refusal; the caller's body is no better for that.
    when(ray.submit(eq(DASHBOARD), any())).thenThrow(new RayJobsException(400, "bad pip spec"));
    when(store.endUnforwarded(1L, JobStatus.FAILED, "Ray refused the job: bad pip spec"))
        .thenReturn(false);
    when(store.find("c", "job-1")).thenReturn(Optional.of(endedHere()));

    assertThat(service.forward(cluster, job))
        .isEqualTo(Forwarding.refused("Ray refused the job: bad pip spec"));
  }

  @Test
  void aFourHundredAfterAnotherSendGotTheJobToRayIsNoRefusal() throws Exception {
    // The follower's send was taken; this one met a proxy's size limit: the job runs, the body is
    // fine.
    when(ray.submit(eq(DASHBOARD), any()))
        .thenThrow(new RayJobsException(413, "request entity too large"));
    RayJobEntity atRay = openJob();
    atRay.markForwarded(T0, STARTED);
    when(store.find("c", "job-1")).thenReturn(Optional.of(atRay));
    when(store.markForwarded(1L, STARTED)).thenReturn(true);

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.TAKEN);
    verify(ray, never()).stop(anyString(), anyString());
  }

  @Test
  void aFourHundredAfterAStopAndAnotherSendThatRayTookIsNoSuccess() throws Exception {
    // Stopped on its way; the follower's send got it to Ray after, and stopped it there.
    when(ray.submit(eq(DASHBOARD), any()))
        .thenThrow(new RayJobsException(413, "request entity too large"));
    RayJobEntity stoppedThenFound = endedHere();
    stoppedThenFound.markForwarded(T0.plusSeconds(1), STARTED);
    when(store.find("c", "job-1")).thenReturn(Optional.of(stoppedThenFound));

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.ENDED_MEANWHILE);
  }

  @Test
  void aMessageLongerThanItsColumnIsNotWrittenAgainAtEveryRead() throws Exception {
    String longMessage = "Setting up the runtime environment:\n" + "pip output\n".repeat(5_000);
    RayJobEntity running = openJob();
    running.markForwarded(T0, STARTED);
    running.observe(JobStatus.RUNNING, longMessage, T0, null, null);
    when(store.cluster("c")).thenReturn(cluster);
    when(store.find("c", "job-1")).thenReturn(Optional.of(running));
    when(ray.get(DASHBOARD, "job-1"))
        .thenReturn(
            Optional.of(
                JobFollowerTest.atRay("job-1", "python x.py", JobStatus.RUNNING, longMessage)));

    service.get("c", "job-1");

    verify(store, never()).observe(any(), any(), any(), any(), any(), any());
  }

  @Test
  void alreadyAtRayUnderItsIdIsTaken() throws Exception {
    // An earlier send got through: Ray's dashboard relays its agent's refusal as a 500.
    when(ray.submit(eq(DASHBOARD), any()))
        .thenThrow(new RayJobsException(500, "Job with submission_id job-1 already exists"));
    when(ray.get(DASHBOARD, "job-1"))
        .thenReturn(Optional.of(JobFollowerTest.atRay("job-1", "python x.py", JobStatus.PENDING)));
    when(store.markForwarded(1L, STARTED)).thenReturn(true);

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.TAKEN);
    verify(store, never()).endUnforwarded(any(), any(), anyString());
  }

  @Test
  void anotherCommandAtRayUnderItsIdIsARefusalNotThisJob() throws Exception {
    // Given Ray directly under the id, or the job of a row deleted since under it.
    when(ray.submit(eq(DASHBOARD), any()))
        .thenThrow(new RayJobsException(500, "Job with submission_id job-1 already exists"));
    when(ray.get(DASHBOARD, "job-1"))
        .thenReturn(
            Optional.of(JobFollowerTest.atRay("job-1", "python other.py", JobStatus.RUNNING)));
    String reason =
        "Ray already has another job under the submission id job-1 (another entrypoint); submit"
            + " this one under another id";
    when(store.endUnforwarded(1L, JobStatus.FAILED, reason)).thenReturn(true);

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.refused(reason));
    verify(store, never()).markForwarded(any(), anyInt());
    verify(ray, never()).stop(anyString(), anyString());
  }

  @Test
  void alreadyAtRayWhenRayCannotSayWhatItHoldsFailsAtTheSubmitTimeoutAndStopsNothing()
      throws Exception {
    RayJobEntity old = openJob(T0.minus(Duration.ofHours(1)));
    when(ray.submit(eq(DASHBOARD), any()))
        .thenThrow(new RayJobsException(500, "Job with submission_id job-1 already exists"));
    when(ray.get(DASHBOARD, "job-1")).thenThrow(new RayJobsException(503, "unavailable"));
    when(store.find("c", "job-1")).thenReturn(Optional.of(endedHere()));

    assertThat(service.forward(cluster, old)).isEqualTo(Forwarding.ENDED_MEANWHILE);
    verify(store)
        .endUnforwarded(
            eq(1L),
            eq(JobStatus.FAILED),
            org.mockito.ArgumentMatchers.startsWith(
                "The cluster's Ray dashboard did not take the job within"));
    // What Ray holds may be another command's: the watch of jobs ended on their way judges it.
    verify(ray, never()).stop(anyString(), anyString());
    verify(store, never()).markForwarded(any(), anyInt());
  }

  @Test
  void alreadyAtRayWhenRayCannotSayWhatItHoldsIsNoAnswerYet() throws Exception {
    when(ray.submit(eq(DASHBOARD), any()))
        .thenThrow(new RayJobsException(500, "Job with submission_id job-1 already exists"));
    when(ray.get(DASHBOARD, "job-1")).thenThrow(new RayJobsException(503, "unavailable"));
    when(store.find("c", "job-1")).thenReturn(Optional.of(openJob()));

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.NO_ANSWER);
    verify(store, never()).markForwarded(any(), anyInt());
    verify(store, never()).endUnforwarded(any(), any(), anyString());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {404, 408, 429})
  void aProxysRefusalThatMayPassLaterIsNoAnswerNotAFailure(int status) throws Exception {
    // An ingress that has not published the dashboard's route yet, or a rate limit.
    when(ray.submit(eq(DASHBOARD), any())).thenThrow(new RayJobsException(status, "not now"));
    when(store.find("c", "job-1")).thenReturn(Optional.of(openJob()));

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.NO_ANSWER);
    verify(store, never()).endUnforwarded(any(), any(), anyString());
  }

  @Test
  void noUsableAnswerWithItsRowOpenIsNoAnswer() throws Exception {
    when(ray.submit(eq(DASHBOARD), any())).thenThrow(new RayJobsException(503, "unavailable"));
    when(store.find("c", "job-1")).thenReturn(Optional.of(openJob()));

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.NO_ANSWER);
    verify(ray, never()).stop(anyString(), anyString());
  }

  @Test
  void noUsableAnswerAfterItsRowEndedIsStoppedOnRayAndEndedMeanwhile() throws Exception {
    when(ray.submit(eq(DASHBOARD), any())).thenThrow(new RayJobsException(503, "unavailable"));
    when(store.find("c", "job-1")).thenReturn(Optional.of(endedHere()));

    assertThat(service.forward(cluster, job)).isEqualTo(Forwarding.ENDED_MEANWHILE);
    verify(ray).stop(DASHBOARD, "job-1");
  }

  @Test
  void aJobRayTookLateIsStoppedThereAndOnlyThenRecordedAtRay() throws Exception {
    RayJobEntity ended = endedAsReadNow();

    service.stopTakenLate(cluster, ended);

    var order = inOrder(ray, store);
    order.verify(ray).stop(DASHBOARD, "job-1");
    order.verify(store).markForwarded(1L, STARTED);
  }

  @Test
  void aJobRayTookLateAndLostAgainIsRecordedAtRay() throws Exception {
    // Gone from Ray by the time of the stop (its head restarted, say): nothing left to stop.
    RayJobEntity ended = endedAsReadNow();
    when(ray.stop(DASHBOARD, "job-1")).thenThrow(new RayJobsException(404, "not found"));

    service.stopTakenLate(cluster, ended);

    verify(store).markForwarded(1L, STARTED);
  }

  @Test
  void aFailedStopOfAJobRayTookLateLeavesItToBeTriedAgain() throws Exception {
    RayJobEntity ended = endedAsReadNow();
    when(ray.stop(DASHBOARD, "job-1")).thenThrow(new RayJobsException(503, "busy"));

    service.stopTakenLate(cluster, ended);

    verify(store, never()).markForwarded(any(), anyInt());
  }

  @Test
  void aRowDeletedOrAtRaySinceThePassReadItIsLeftAlone() throws Exception {
    RayJobEntity ended = endedHere();
    // Deleted, and its id submitted again (and that one ended here too): not this row's job.
    RayJobEntity resubmitted = endedHere();
    ReflectionTestUtils.setField(resubmitted, "id", 2L);
    when(store.find("c", "job-1")).thenReturn(Optional.of(resubmitted));
    service.stopTakenLate(cluster, ended);

    // Recorded at Ray since (by a send whose answer came after all).
    RayJobEntity recorded = endedHere();
    recorded.markForwarded(T0, STARTED);
    when(store.find("c", "job-1")).thenReturn(Optional.of(recorded));
    service.stopTakenLate(cluster, ended);

    verify(ray, never()).stop(anyString(), anyString());
    verify(store, never()).markForwarded(any(), anyInt());
  }

  @Test
  void aJobDeletedWhileItIsReadIsNotFound() {
    when(store.cluster("c")).thenReturn(cluster);
    when(store.find("c", "job-1")).thenReturn(Optional.of(endedHere()), Optional.empty());

    assertThatThrownBy(() -> service.get("c", "job-1")).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void aDeleteBeatenToTheRowByAnotherDeleteIsNotFound() throws Exception {
    when(store.cluster("c")).thenReturn(cluster);
    when(store.find("c", "job-1")).thenReturn(Optional.of(endedHere()));
    when(store.delete(any(RayJobEntity.class), any())).thenReturn(false);

    assertThatThrownBy(() -> service.delete("c", "job-1", new Actor("u@example.com")))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void aDeleteThatFindsTheRowGoneAndRayWithoutTheJobIsNotFound() throws Exception {
    when(store.cluster("c")).thenReturn(cluster);
    // Read by the delete's look at the job, then gone when the delete reads it for itself.
    when(store.find("c", "job-1"))
        .thenReturn(Optional.of(endedHere()), Optional.of(endedHere()), Optional.empty());
    when(ray.delete(DASHBOARD, "job-1")).thenThrow(new RayJobsException(404, "not found"));

    assertThatThrownBy(() -> service.delete("c", "job-1", new Actor("u@example.com")))
        .isInstanceOf(JobNotFoundException.class);
    verify(store, never()).delete(any(RayJobEntity.class), any());
  }

  @Test
  void rayRefusingAStopIsAConflictInRaysWordsNotADashboardFailure() throws Exception {
    when(store.cluster("c")).thenReturn(cluster);
    RayJobEntity atRay = openJob();
    atRay.markForwarded(T0, STARTED);
    when(store.find("c", "job-1")).thenReturn(Optional.of(atRay));
    when(ray.get(DASHBOARD, "job-1"))
        .thenReturn(Optional.of(JobFollowerTest.atRay("job-1", "python x.py", JobStatus.RUNNING)));
    when(ray.stop(DASHBOARD, "job-1"))
        .thenThrow(new RayJobsException(400, "Job job-1 cannot be stopped now"));

    assertThatThrownBy(() -> service.stop("c", "job-1", new Actor("u@example.com")))
        .isInstanceOf(com.darwin.compute.core.domain.ClusterConflictException.class)
        .hasMessageContaining("Ray refused to stop job job-1")
        .hasMessageContaining("cannot be stopped now");
    verify(store, never()).recordStopRequested(any(), any());
  }

  @Test
  void rayRefusingADeleteIsAConflictInRaysWordsNotADashboardFailure() throws Exception {
    when(store.cluster("c")).thenReturn(cluster);
    // At Ray, and ended here (its head lost, say) while Ray is still stopping it.
    RayJobEntity atRay = openJob();
    atRay.markForwarded(T0, STARTED);
    atRay.end(JobStatus.STOPPED, "Stopped by u@example.com", T0);
    when(store.find("c", "job-1")).thenReturn(Optional.of(atRay));
    // As Ray's dashboard relays its job manager's refusal: a 500, the traceback's last line.
    when(ray.delete(DASHBOARD, "job-1"))
        .thenThrow(
            new RayJobsException(
                500,
                "RuntimeError: Attempted to delete job with submission_id job-1 in a non-terminal"
                    + " state"));

    assertThatThrownBy(() -> service.delete("c", "job-1", new Actor("u@example.com")))
        .isInstanceOf(com.darwin.compute.core.domain.ClusterConflictException.class)
        .hasMessageContaining("Ray refused to delete job job-1")
        .hasMessageContaining("in a non-terminal state");
    verify(store, never()).delete(any(RayJobEntity.class), any());
  }

  @Test
  void aDeleteThatFindsTheRowGoneOnAStoppedClusterIsNotFound() throws Exception {
    ClusterEntity stopped =
        new ClusterEntity("c", "c", "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
    when(store.cluster("c")).thenReturn(stopped);
    when(store.find("c", "job-1"))
        .thenReturn(Optional.of(endedHere()), Optional.of(endedHere()), Optional.empty());

    assertThatThrownBy(() -> service.delete("c", "job-1", new Actor("u@example.com")))
        .isInstanceOf(JobNotFoundException.class);
    verify(ray, never()).delete(anyString(), anyString());
  }

  @Test
  void aJobOnlyRayHasIsDeletedThere() throws Exception {
    when(store.cluster("c")).thenReturn(cluster);
    when(store.find("c", "job-1")).thenReturn(Optional.empty());
    when(ray.get(DASHBOARD, "job-1"))
        .thenReturn(
            Optional.of(JobFollowerTest.atRay("job-1", "python x.py", JobStatus.SUCCEEDED)));

    service.delete("c", "job-1", new Actor("u@example.com"));

    verify(ray).delete(DASHBOARD, "job-1");
    verify(store, never()).delete(any(RayJobEntity.class), any());
  }
}
