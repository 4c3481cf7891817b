package com.darwin.compute.core.jobs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.ray.RayJobDetails;
import com.darwin.compute.core.ray.RayJobsClient;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.RayJobEntity;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.job.Admission;
import com.darwin.compute.model.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job belongs to the run it was submitted in: a stop and a start between passes end it. */
class JobFollowerTest {

  private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

  private final JobStore store = mock(JobStore.class);
  private final JobService service = mock(JobService.class);
  private final RayJobsClient ray = mock(RayJobsClient.class);
  private final JobFollower follower =
      new JobFollower(store, service, ray, mock(DashboardUrls.class));

  private static ClusterEntity runningAs(String runId) {
    ClusterEntity cluster =
        new ClusterEntity("c", "c", "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
    cluster.markStarting(runId, T0);
    return cluster;
  }

  private static ClusterEntity activeAs(String runId) {
    ClusterEntity cluster = runningAs(runId);
    cluster.changeStatus(ClusterStatus.ACTIVE, null, T0);
    return cluster;
  }

  /** A running job as the cluster's Ray lists it. */
  private static RayJobDetails atRay(String submissionId, String entrypoint) {
    return atRay(submissionId, entrypoint, JobStatus.RUNNING);
  }

  /** A job as the cluster's Ray lists it (also JobForwardingTest's). */
  static RayJobDetails atRay(String submissionId, String entrypoint, JobStatus status) {
    return atRay(submissionId, entrypoint, status, null);
  }

  /** A job as the cluster's Ray lists it, with Ray's message about it. */
  static RayJobDetails atRay(
      String submissionId, String entrypoint, JobStatus status, String message) {
    return new RayJobDetails(
        submissionId,
        "SUBMISSION",
        entrypoint,
        status,
        message,
        T0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A job stopped here before Ray was known to have it. */
  private static RayJobEntity stoppedOnItsWay(long id, String runId) {
    RayJobEntity job = waitingJob(id, runId);
    job.endBeforeForwarding(JobStatus.STOPPED, "Stopped by u@example.com", T0);
    return job;
  }

  private static RayJobEntity waitingJob(long id, String runId) {
    RayJobEntity job =
        new RayJobEntity(
            "c",
            "job-" + id,
            "python x.py",
            "{}",
            "u@example.com",
            runId,
            Admission.FITS_NOW,
            null,
            T0);
    org.springframework.test.util.ReflectionTestUtils.setField(job, "id", id);
    return job;
  }

  @Test
  void aWaitingJobOfAnEndedRunIsEndedNotSentToTheNewRun() {
    when(store.findCluster("c")).thenReturn(Optional.of(runningAs("run-2")));
    RayJobEntity ofTheOldRun = waitingJob(1, "run-1");

    follower.followCluster("c", List.of(ofTheOldRun));

    verify(store)
        .endUnforwarded(
            eq(1L),
            eq(JobStatus.FAILED),
            eq("The cluster stopped before the job could be submitted"));
    verify(service, never()).forward(any(), any());
  }

  @Test
  void unsentJobsOfAClusterNotTakingJobsAreCheckedAgainstTheSubmitTimeoutAndNotSent() {
    ClusterEntity headDown = activeAs("run-1");
    headDown.changeStatus(ClusterStatus.HEAD_NODE_DIED, null, T0);
    when(store.findCluster("c")).thenReturn(Optional.of(headDown));
    RayJobEntity waiting = waitingJob(1, "run-1");
    RayJobEntity atRay = waitingJob(2, "run-1");
    atRay.markForwarded(T0, 1);

    follower.followCluster("c", List.of(waiting, atRay));

    verify(service).failIfWaitedOut(headDown, waiting);
    verify(service, never()).failIfWaitedOut(headDown, atRay);
    verify(service, never()).forward(any(), any());
  }

  /** Two jobs of the active cluster's run waiting to be sent, as the store reads them. */
  private List<RayJobEntity> twoWaitingOn(ClusterEntity cluster) {
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    List<RayJobEntity> waiting = List.of(waitingJob(1, "run-1"), waitingJob(2, "run-1"));
    for (RayJobEntity job : waiting) {
      when(store.find("c", job.getSubmissionId())).thenReturn(Optional.of(job));
    }
    return waiting;
  }

  @Test
  void aDashboardThatDoesNotAnswerAWaitingJobIsNotSentTheOthersThisPass() {
    ClusterEntity cluster = activeAs("run-1");
    List<RayJobEntity> waiting = twoWaitingOn(cluster);
    when(service.sendTimeout()).thenReturn(java.time.Duration.ofMillis(100));
    // Kept waiting past half the request timeout, with no answer.
    when(service.forward(any(), any()))
        .thenAnswer(
            call -> {
              Thread.sleep(80);
              return Forwarding.NO_ANSWER;
            });

    follower.followCluster("c", waiting);

    verify(service).forward(cluster, waiting.get(0));
    verify(service, never()).forward(cluster, waiting.get(1));
  }

  @Test
  void aQuickFailureOfOneWaitingJobDoesNotHoldBackTheOthers() {
    ClusterEntity cluster = activeAs("run-1");
    List<RayJobEntity> waiting = twoWaitingOn(cluster);
    when(service.sendTimeout()).thenReturn(java.time.Duration.ofSeconds(10));
    // A 500 for the first job at once: Ray refuses that one, not the dashboard every job.
    when(service.forward(any(), any())).thenReturn(Forwarding.NO_ANSWER);

    follower.followCluster("c", waiting);

    verify(service).forward(cluster, waiting.get(0));
    verify(service).forward(cluster, waiting.get(1));
  }

  @Test
  void aJobOfTheCurrentRunIsLeftToWaitForIt() {
    // The new run is still starting: its job waits, and is neither ended nor sent yet.
    when(store.findCluster("c")).thenReturn(Optional.of(runningAs("run-2")));

    follower.followCluster("c", List.of(waitingJob(2, "run-2")));

    verify(store, never()).end(any(), any(), anyString());
    verify(store, never()).endUnforwarded(any(), any(), anyString());
    verify(service, never()).forward(any(), any());
  }

  @Test
  void aJobEndedOnItsWayThatRayTookLateIsStoppedThere() throws Exception {
    ClusterEntity cluster = activeAs("run-2");
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    RayJobEntity takenLate = stoppedOnItsWay(3, "run-2");
    RayJobEntity neverTaken = stoppedOnItsWay(4, "run-2");
    when(ray.get(any(), eq("job-3"))).thenReturn(Optional.of(atRay("job-3", "python x.py")));

    follower.followCluster("c", List.of(), List.of(takenLate, neverTaken));

    verify(service).stopTakenLate(cluster, takenLate);
    verify(service, never()).stopTakenLate(any(), eq(neverTaken));
    // Ray not knowing a job ended on its way is the rule: no list to confirm it.
    verify(ray, never()).list(any());
  }

  @Test
  void aJobOfAnotherRunOrAnotherCommandUnderTheSameIdIsNotThisRowsJob() throws Exception {
    when(store.findCluster("c")).thenReturn(Optional.of(activeAs("run-2")));
    RayJobEntity ofTheOldRun = stoppedOnItsWay(3, "run-1");
    RayJobEntity givenRayDirectly = stoppedOnItsWay(4, "run-2");
    when(ray.get(any(), eq("job-3"))).thenReturn(Optional.of(atRay("job-3", "python x.py")));
    when(ray.get(any(), eq("job-4"))).thenReturn(Optional.of(atRay("job-4", "python other.py")));

    follower.followCluster("c", List.of(), List.of(ofTheOldRun, givenRayDirectly));

    verify(service, never()).stopTakenLate(any(), any());
  }

  @Test
  void noJobOpenAndNoneEndedOnItsWayAsksRayNothing() throws Exception {
    when(store.findCluster("c")).thenReturn(Optional.of(activeAs("run-1")));

    follower.followCluster("c", List.of(), List.of());

    verifyNoInteractions(ray);
  }

  /** A job Ray has (its submission was recorded) in the cluster's current run. */
  private static RayJobEntity forwardedJob(long id, ClusterEntity cluster) {
    RayJobEntity job = waitingJob(id, cluster.getActiveRunId());
    job.markForwarded(T0, cluster.getRestartGeneration());
    return job;
  }

  @Test
  void forwardedJobsAreEachReadFromRayNotFromItsListOfEveryJob() throws Exception {
    ClusterEntity cluster = activeAs("run-1");
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    RayJobEntity job = forwardedJob(5, cluster);
    when(ray.get(any(), eq("job-5")))
        .thenReturn(Optional.of(atRay("job-5", "python x.py", JobStatus.SUCCEEDED)));

    follower.followCluster("c", List.of(job));

    verify(store).observe(eq(5L), eq(JobStatus.SUCCEEDED), any(), any(), any(), any());
    verify(ray, never()).list(any());
  }

  @Test
  void aForwardedJobReadAsUnknownFailsOnlyWhenTheListAgrees() throws Exception {
    ClusterEntity cluster = activeAs("run-1");
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    RayJobEntity listed = forwardedJob(6, cluster);
    RayJobEntity lost = forwardedJob(7, cluster);
    // The one-job read answers 404 for both; the list has the first.
    when(ray.list(any())).thenReturn(List.of(atRay("job-6", "python x.py")));

    follower.followCluster("c", List.of(listed, lost));

    verify(ray).list(any());
    verify(store).end(7L, JobStatus.FAILED, "The cluster's Ray no longer knows this job");
    verify(store, never()).end(eq(6L), any(), anyString());
  }

  @Test
  void aJobRayFindsUnderAnotherIdIsNotTheJobAskedFor() throws Exception {
    ClusterEntity cluster = activeAs("run-1");
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    RayJobEntity job = forwardedJob(8, cluster);
    // Ray's dashboard matches a driver's job id first: another job came back.
    when(ray.get(any(), eq("job-8")))
        .thenReturn(Optional.of(atRay("other", "python y.py", JobStatus.FAILED)));
    when(ray.list(any())).thenReturn(List.of(atRay("job-8", "python x.py")));

    follower.followCluster("c", List.of(job));

    // Read from the list instead: running, not the other job's failure.
    verify(store).observe(eq(8L), eq(JobStatus.RUNNING), any(), any(), any(), any());
    verify(store, never()).observe(eq(8L), eq(JobStatus.FAILED), any(), any(), any(), any());
    verify(store, never()).end(eq(8L), any(), anyString());
  }

  @Test
  void aJobWhoseWriteFailsLeavesTheClustersOtherJobsFollowed() throws Exception {
    ClusterEntity cluster = activeAs("run-1");
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    RayJobEntity refused = forwardedJob(9, cluster);
    RayJobEntity next = forwardedJob(10, cluster);
    when(ray.get(any(), eq("job-9")))
        .thenReturn(Optional.of(atRay("job-9", "python x.py", JobStatus.FAILED)));
    when(ray.get(any(), eq("job-10")))
        .thenReturn(Optional.of(atRay("job-10", "python x.py", JobStatus.SUCCEEDED)));
    org.mockito.Mockito.doThrow(
            new org.springframework.dao.DataIntegrityViolationException("Data too long"))
        .when(store)
        .observe(eq(9L), any(), any(), any(), any(), any());

    follower.followCluster("c", List.of(refused, next));

    verify(store).observe(eq(10L), eq(JobStatus.SUCCEEDED), any(), any(), any(), any());
  }

  @Test
  void manyForwardedJobsAreOneListOfRaysJobs() throws Exception {
    ClusterEntity cluster = activeAs("run-1");
    when(store.findCluster("c")).thenReturn(Optional.of(cluster));
    List<RayJobEntity> jobs =
        java.util.stream.LongStream.rangeClosed(100, 100 + JobFollower.READ_ONE_BY_ONE)
            .mapToObj(id -> forwardedJob(id, cluster))
            .toList();
    when(ray.list(any()))
        .thenReturn(jobs.stream().map(j -> atRay(j.getSubmissionId(), "python x.py")).toList());

    follower.followCluster("c", jobs);

    verify(ray).list(any());
    verify(ray, never()).get(any(), any());
    verify(store, never()).end(any(), any(), anyString());
  }
}
