package com.darwin.compute.core.jobs;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.cluster.ClusterDeleted;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.cluster.WrittenAlong;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.RayJobEntity;
import com.darwin.compute.core.store.RayJobRepository;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.job.JobStatus;
import com.darwin.compute.model.job.JobSubmitRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database side of jobs, each method one transaction: registering a submission (admission,
 * keep-alive, timeline, starting a stopped cluster when asked), and recording what Ray reports. No
 * call to a Ray dashboard happens inside a transaction.
 */
@Component
class JobStore {

  static final EnumSet<JobStatus> OPEN = EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING);

  private final RayJobRepository jobs;
  private final ClusterRepository clusters;
  private final ClusterService clusterService;
  private final ClusterTimeline timeline;
  private final ClusterAccessService access;
  private final ClusterRequestPolicy policy;
  private final LastUseWriter lastUse;
  private final Clock clock;
  private final JsonMapper mapper =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  JobStore(
      RayJobRepository jobs,
      ClusterRepository clusters,
      ClusterService clusterService,
      ClusterTimeline timeline,
      ClusterAccessService access,
      ClusterRequestPolicy policy,
      LastUseWriter lastUse,
      Clock clock) {
    this.jobs = jobs;
    this.clusters = clusters;
    this.clusterService = clusterService;
    this.timeline = timeline;
    this.access = access;
    this.policy = policy;
    this.lastUse = lastUse;
    this.clock = clock;
  }

  /** A submission as stored: the job row, whether this call made it, whether it waits. */
  record Registration(RayJobEntity job, boolean created, boolean waitingForCluster) {}

  /**
   * Before {@link #register}, outside its transaction: a new submission asking to start a stopped
   * cluster needs the caller's right to start it, and a refusal is written on the cluster's
   * timeline with the one connection this then takes (from inside the transaction, it took a second
   * while holding the first; as many refusals at once as the pool's connections held them all). The
   * check inside it stays, for a cluster stopped in between.
   */
  public void requireStartBeforehand(String clusterId, JobSubmitRequest request, Caller caller) {
    if (!request.wantsStart()
        || jobs.findByClusterIdAndSubmissionId(clusterId, request.submissionId()).isPresent()) {
      return;
    }
    Optional<ClusterEntity> cluster = clusters.findById(clusterId);
    if (cluster.isPresent() && cluster.get().getDesiredState() == DesiredState.STOPPED) {
      access.require(clusterId, caller, ClusterOperation.START);
    }
  }

  /**
   * Registers a submission. The same {@code submission_id} with the same request ({@code
   * start_cluster} aside) is the same job (a retry); with anything else different it is a 409. A
   * new job is admitted against the cluster's spec and open jobs, counts as a keep-alive, and is
   * written to the timeline with its submitter. A stopped cluster is a 409 unless the request asks
   * to start it; the job then waits for the cluster to become active and is submitted by {@link
   * JobFollower}. Starting it takes what a start takes: the {@code caller}'s right to start the
   * cluster (submitting needs less) and room in the owner's caps.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public Registration register(
      String clusterId, JobSubmitRequest request, Actor actor, Caller caller) {
    ClusterEntity cluster = loadCluster(clusterId);
    Optional<RayJobEntity> existing =
        jobs.findByClusterIdAndSubmissionId(clusterId, request.submissionId());
    if (existing.isPresent()) {
      RayJobEntity job = existing.get();
      // The same job only if everything Ray runs is the same (start_cluster aside): a retry with
      // another runtime_env or resources was answered with the old job, its changes dropped.
      if (!request(job).withStartCluster(null).equals(request.withStartCluster(null))) {
        throw new ClusterConflictException(
            "submission_id "
                + request.submissionId()
                + " is already used by another job of cluster "
                + clusterId);
      }
      return new Registration(job, false, !job.isForwarded() && !job.getStatus().isTerminal());
    }
    JobAdmission.Verdict verdict =
        JobAdmission.admit(
            clusterId, cluster.getSpec(), JobDemand.of(request), openDemands(clusterId));
    if (cluster.getDesiredState() == DesiredState.STOPPED) {
      if (!request.wantsStart()) {
        throw new ClusterConflictException(
            "Cluster "
                + clusterId
                + " is stopped; start it first, or submit with \"start_cluster\": true to start"
                + " it and run the job once it is active");
      }
      access.require(clusterId, caller, ClusterOperation.START);
      policy.checkStart(cluster);
      cluster =
          clusterService
              .start(clusterId, actor, policy.withCapsHeld(WrittenAlong.NOTHING))
              .cluster();
    }
    boolean waiting = !acceptsJobs(cluster);
    Instant now = clock.instant();
    RayJobEntity job =
        new RayJobEntity(
            clusterId,
            request.submissionId(),
            request.entrypoint(),
            mapper.writeValueAsString(request.withStartCluster(null)),
            actor.name(),
            cluster.getActiveRunId(),
            verdict.admission(),
            verdict.message(),
            now);
    jobs.saveAndFlush(job);
    // The keep-alive, as one statement that does not bump the row's version: a submission must
    // not lose an optimistic-lock race with the reconciler writing the status it just observed.
    lastUse.used(Collections.singletonMap(clusterId, cluster.getLastUsedAt()), now);
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.JOB_SUBMITTED,
        // Not its entrypoint: anyone who reads the cluster reads its timeline, and a job's
        // entrypoint, like its logs, is for those who may submit jobs (READ_JOBS).
        "Job "
            + request.submissionId()
            + " submitted by "
            + actor.name()
            + (waiting ? " (it waits for the cluster to be active)" : ""),
        actor);
    return new Registration(job, true, waiting);
  }

  static final String CLUSTER_STOPPED = "The cluster was stopped while the job was open";
  static final String CLUSTER_RESTARTED = "The cluster was restarted while the job was open";

  /**
   * Why a job Ray had is gone with its cluster's head, if it is: its run ended (the cluster was
   * stopped, and perhaps started again), or a restart recreated the head. The follower ends such
   * jobs at its next pass; a stop ends them at once, there being nothing left on Ray to stop.
   */
  static Optional<String> lostWithItsHead(ClusterEntity cluster, RayJobEntity job) {
    if (cluster.getDesiredState() == DesiredState.STOPPED
        || (job.getRunId() != null && !job.getRunId().equals(cluster.getActiveRunId()))) {
      return Optional.of(CLUSTER_STOPPED);
    }
    if (job.takenBeforeRestart(cluster.getRestartGeneration())) {
      return Optional.of(CLUSTER_RESTARTED);
    }
    return Optional.empty();
  }

  /** Whether a cluster's Ray dashboard takes jobs: running, head up and Ray ready. */
  static boolean acceptsJobs(ClusterEntity cluster) {
    return cluster.getDesiredState() == DesiredState.RUNNING
        && cluster.getStatus().uiStatus() == UiClusterStatus.ACTIVE;
  }

  /**
   * Records that Ray has the job; false when it is no longer open (a stop ended it while the
   * submission was on its way, or the row is gone): the caller must then stop it on Ray. This and
   * {@link #endUnforwarded} decide between them on the row's version, so of a forward and a stop of
   * a job not yet at Ray, the later one always sees the other. The request thread and the follower
   * may both record the same job: each write re-reads the row, and applying twice changes nothing.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public boolean markForwarded(Long jobId, int clusterRestartGeneration) {
    return jobs.findById(jobId)
        .map(job -> job.markForwarded(clock.instant(), clusterRestartGeneration))
        .orElse(false);
  }

  /** Records an observation of Ray; a job that has just ended goes on the timeline. */
  @RetriedOnConcurrentChange
  @Transactional
  public void observe(
      Long jobId, JobStatus status, String message, Instant start, Instant end, Integer exitCode) {
    jobs.findById(jobId)
        .ifPresent(
            job -> {
              if (job.observe(status, message, start, end, exitCode)) {
                recordEnd(job);
              }
            });
  }

  /** Ends a job the control plane decides about (never reached Ray, cluster stopped, stopped). */
  @RetriedOnConcurrentChange
  @Transactional
  public void end(Long jobId, JobStatus status, String why) {
    jobs.findById(jobId)
        .ifPresent(
            job -> {
              if (job.end(status, why, clock.instant())) {
                recordEnd(job);
              }
            });
  }

  /**
   * Ends a job that has not reached Ray (stopped before it was submitted, or refused by Ray). False
   * when a forward recorded it meanwhile, or it had ended already: it is then Ray's to end.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public boolean endUnforwarded(Long jobId, JobStatus status, String why) {
    return jobs.findById(jobId)
        .map(
            job -> {
              if (!job.endBeforeForwarding(status, why, clock.instant())) {
                return false;
              }
              recordEnd(job);
              return true;
            })
        .orElse(false);
  }

  /**
   * A deleted cluster's jobs go with it, in its delete's transaction: their entrypoints and runtime
   * environments may hold secrets, and no route can read them once the cluster is gone.
   */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void clusterDeleted(ClusterDeleted deleted) {
    jobs.deleteOfCluster(deleted.clusterId());
  }

  /** Whether this call deleted the job: false when another delete got there first. */
  @Transactional
  public boolean delete(Long jobId) {
    return jobs.deleteOne(jobId) > 0;
  }

  /**
   * Deletes the job and records who did, in one transaction: a share may delete the owner's jobs,
   * and a delete left no trace of whom.
   */
  @Transactional
  public boolean delete(RayJobEntity job, Actor actor) {
    if (!delete(job.getId())) {
      return false;
    }
    recordBy(job, TimelineAction.JOB_DELETED, "deleted", actor);
    return true;
  }

  /**
   * Records that someone asked Ray to stop the job: its end, recorded when Ray reports it, is
   * signed by its submitter, so who stopped it (a share may) was written nowhere.
   */
  @Transactional
  public void recordStopRequested(RayJobEntity job, Actor actor) {
    recordBy(job, TimelineAction.JOB_STOP_REQUESTED, "asked to stop", actor);
  }

  private void recordBy(RayJobEntity job, TimelineAction action, String what, Actor actor) {
    record(job, action, what + " by " + actor.name(), actor);
  }

  /**
   * A timeline entry about a job: "Job ID submitted by WHO " and what happened, in the run the job
   * was submitted in, even if the cluster has been restarted since.
   */
  private void record(RayJobEntity job, TimelineAction action, String happened, Actor actor) {
    timeline.record(
        job.getClusterId(),
        job.getRunId(),
        action,
        "Job " + job.getSubmissionId() + " submitted by " + job.getSubmittedBy() + " " + happened,
        actor);
  }

  @Transactional(readOnly = true)
  public Optional<RayJobEntity> find(String clusterId, String submissionId) {
    return jobs.findByClusterIdAndSubmissionId(clusterId, submissionId);
  }

  @Transactional(readOnly = true)
  public List<RayJobEntity> ofCluster(String clusterId) {
    return jobs.findByClusterIdOrderByCreatedAtDescIdDesc(clusterId);
  }

  /** Jobs ended here since {@code since} before Ray was known to have them. */
  @Transactional(readOnly = true)
  public List<RayJobEntity> endedUnforwardedSince(Instant since) {
    return jobs.findByForwardedAtIsNullAndEndTimeGreaterThanOrderByClusterIdAscIdAsc(since);
  }

  @Transactional(readOnly = true)
  public List<RayJobEntity> open() {
    return jobs.findByStatusInOrderByClusterIdAscIdAsc(OPEN);
  }

  @Transactional(readOnly = true)
  public ClusterEntity cluster(String clusterId) {
    return loadCluster(clusterId);
  }

  @Transactional(readOnly = true)
  public Optional<ClusterEntity> findCluster(String clusterId) {
    return clusters.findById(clusterId);
  }

  JobSubmitRequest request(RayJobEntity job) {
    return mapper.readValue(job.getRequest(), JobSubmitRequest.class);
  }

  private List<JobDemand> openDemands(String clusterId) {
    return jobs.findByClusterIdAndStatusInOrderByIdAsc(clusterId, OPEN).stream()
        .map(j -> JobDemand.of(request(j)))
        .toList();
  }

  private void recordEnd(RayJobEntity job) {
    TimelineAction action =
        switch (job.getStatus()) {
          case SUCCEEDED -> TimelineAction.JOB_SUCCEEDED;
          case STOPPED -> TimelineAction.JOB_STOPPED;
          default -> TimelineAction.JOB_FAILED;
        };
    String verb =
        switch (job.getStatus()) {
          case SUCCEEDED -> "succeeded";
          case STOPPED -> "was stopped";
          default -> "failed";
        };
    record(
        job,
        action,
        verb
            // Not the job's message: Ray's ends with the driver log's last lines, and a refusal
            // can quote the runtime_env. The job itself has it, for those who may read it.
            + (job.getDriverExitCode() == null
                ? ""
                : " (exit code " + job.getDriverExitCode() + ")"),
        new Actor(job.getSubmittedBy()));
  }

  private ClusterEntity loadCluster(String clusterId) {
    return clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }
}
