package com.darwin.compute.core.jobs;

import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.ray.RayJobDetails;
import com.darwin.compute.core.ray.RayJobsClient;
import com.darwin.compute.core.ray.RayJobsException;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.RayJobEntity;
import com.darwin.compute.model.job.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows every open job, cluster by cluster (each followed job read from Ray, or Ray's whole list
 * when a cluster has many): submits the jobs that waited for their cluster once it is active (or
 * whose first forward got no answer), records completions and failures on the timeline even when
 * nobody reads the job, ends the jobs of a cluster that was stopped, and stops on Ray a job that
 * ended here before Ray took it and that Ray took late all the same. One replica runs it; a cluster
 * that fails does not hold up the others.
 */
@Component
public class JobFollower {

  private static final Logger log = LoggerFactory.getLogger(JobFollower.class);

  /** Past this many jobs to follow on one cluster, one list is fewer round trips than reads. */
  static final int READ_ONE_BY_ONE = 16;

  private final JobStore store;
  private final JobService service;
  private final RayJobsClient ray;
  private final DashboardUrls endpoints;

  public JobFollower(
      JobStore store, JobService service, RayJobsClient ray, DashboardUrls endpoints) {
    this.store = store;
    this.service = service;
    this.ray = ray;
    this.endpoints = endpoints;
  }

  @Scheduled(
      fixedDelayString = "${compute.jobs.poll-interval:5s}",
      initialDelayString = "${compute.jobs.poll-interval:5s}")
  @SchedulerLock(name = "ray-jobs")
  public void follow() {
    Map<String, List<RayJobEntity>> open = byCluster(store.open());
    Map<String, List<RayJobEntity>> endedOnTheirWay = byCluster(service.endedOnTheirWay());
    Set<String> clusterIds = new LinkedHashSet<>(open.keySet());
    clusterIds.addAll(endedOnTheirWay.keySet());
    for (String clusterId : clusterIds) {
      try {
        followCluster(
            clusterId,
            open.getOrDefault(clusterId, List.of()),
            endedOnTheirWay.getOrDefault(clusterId, List.of()));
      } catch (RuntimeException e) {
        log.warn("Following the jobs of cluster {} failed: {}", clusterId, e.toString());
      }
    }
  }

  private static Map<String, List<RayJobEntity>> byCluster(List<RayJobEntity> jobs) {
    return jobs.stream()
        .collect(
            Collectors.groupingBy(
                RayJobEntity::getClusterId, LinkedHashMap::new, Collectors.toList()));
  }

  /** {@link #followCluster(String, List, List)} with no job ended on its way to Ray. */
  public void followCluster(String clusterId, List<RayJobEntity> jobs) {
    followCluster(clusterId, jobs, List.of());
  }

  /**
   * Follows one cluster's open jobs as {@link #follow} read them, maybe some time ago: whatever
   * happened to a job since (a stop, say) wins over that reading. Jobs {@code endedOnTheirWay}
   * (ended here while Ray was not known to have them) that Ray has after all are stopped there, and
   * then recorded as at Ray: Ray acted on a send late, and nothing else would stop them.
   */
  public void followCluster(
      String clusterId, List<RayJobEntity> jobs, List<RayJobEntity> endedOnTheirWay) {
    Optional<ClusterEntity> found = store.findCluster(clusterId);
    if (found.isEmpty() || found.get().getDesiredState() == DesiredState.STOPPED) {
      jobs.forEach(this::endWithItsRun);
      return;
    }
    ClusterEntity cluster = found.get();
    // A job belongs to the run it was submitted in: a stop and a start between two passes end
    // that run, and its jobs with it (a waiting one must not be sent to the new run).
    List<RayJobEntity> ofThisRun = new ArrayList<>();
    for (RayJobEntity job : jobs) {
      if (job.getRunId() != null && !job.getRunId().equals(cluster.getActiveRunId())) {
        endWithItsRun(job);
      } else if (job.takenBeforeRestart(cluster.getRestartGeneration())) {
        // A restart keeps the run but recreates the head, and Ray's jobs go with it: ended now,
        // not shown running until the cluster is back and then failed as unknown to Ray.
        store.end(job.getId(), JobStatus.STOPPED, JobStore.CLUSTER_RESTARTED);
      } else {
        ofThisRun.add(job);
      }
    }
    jobs = ofThisRun;
    if (!JobStore.acceptsJobs(cluster)) {
      // Still starting, or its head is down: the unsent jobs wait, but not past the submit
      // timeout. A cluster kept running that never came back (a head in a crash loop) held them
      // open for good, where a dashboard that did not answer failed them at that time.
      for (RayJobEntity job : jobs) {
        if (!job.isForwarded()) {
          eachJob(job, () -> service.failIfWaitedOut(cluster, job));
        }
      }
      return;
    }
    for (RayJobEntity job : jobs) {
      if (job.isForwarded()) {
        continue;
      }
      // Read again: a job stopped since the pass read it is not sent to Ray at all. A stop that
      // comes after this read is caught when the submission is recorded (JobService.forward).
      AtomicReference<Forwarding> sent = new AtomicReference<>();
      long began = System.nanoTime();
      eachJob(
          job,
          () ->
              store
                  .find(clusterId, job.getSubmissionId())
                  .filter(now -> !now.isForwarded() && !now.getStatus().isTerminal())
                  .ifPresent(now -> sent.set(service.forward(cluster, now))));
      Duration waited = Duration.ofNanos(System.nanoTime() - began);
      if (sent.get() != null
          && sent.get().outcome() == Forwarding.Outcome.NO_ANSWER
          && waited.compareTo(service.sendTimeout().dividedBy(2)) >= 0) {
        // Its dashboard kept the send waiting and did not answer (a head that accepts connections
        // and says nothing): its other waiting jobs wait for the next pass. Each send waited out
        // the request timeout in turn, and one pass follows every cluster: thirty waiting jobs held
        // every other cluster's jobs for minutes. A quick failure (a 500 for this job, a proxy's
        // 429) does not hold back the jobs after it.
        break;
      }
    }
    List<RayJobEntity> forwarded = jobs.stream().filter(RayJobEntity::isForwarded).toList();
    if (forwarded.isEmpty() && endedOnTheirWay.isEmpty()) {
      return;
    }
    Map<String, RayJobDetails> live;
    try {
      live = live(endpoints.rayDashboardApi(cluster), forwarded, endedOnTheirWay);
    } catch (RayJobsException e) {
      log.debug("Jobs of cluster {} not readable now: {}", clusterId, e.getMessage());
      return;
    }
    for (RayJobEntity job : forwarded) {
      RayJobDetails details = live.get(job.getSubmissionId());
      eachJob(
          job,
          () -> {
            if (details == null) {
              // Ray lost it (its head was recreated: jobs live in the head's GCS).
              store.end(
                  job.getId(), JobStatus.FAILED, "The cluster's Ray no longer knows this job");
            } else if (details.status() != job.getStatus()) {
              store.observe(
                  job.getId(),
                  details.status(),
                  details.message(),
                  details.startTime(),
                  details.endTime(),
                  details.driverExitCode());
            }
          });
    }
    for (RayJobEntity job : endedOnTheirWay) {
      RayJobDetails details = live.get(job.getSubmissionId());
      // Only this run's Ray, and only the job this row sent (not one given Ray directly under the
      // same id since).
      if (details != null
          && (job.getRunId() == null || job.getRunId().equals(cluster.getActiveRunId()))
          && job.getEntrypoint().equals(details.entrypoint())) {
        service.stopTakenLate(cluster, job);
      }
    }
  }

  /**
   * What Ray says of the jobs followed, by submission id (a job Ray does not know is absent). Up to
   * {@link #READ_ONE_BY_ONE} jobs are read one by one: Ray's list holds every job the cluster ever
   * ran, and a long-lived job cluster's list grew to megabytes downloaded and parsed every pass for
   * the one or two jobs still open.
   */
  private Map<String, RayJobDetails> live(
      String dashboard, List<RayJobEntity> forwarded, List<RayJobEntity> endedOnTheirWay)
      throws RayJobsException {
    Set<String> wanted = new LinkedHashSet<>();
    forwarded.forEach(job -> wanted.add(job.getSubmissionId()));
    endedOnTheirWay.forEach(job -> wanted.add(job.getSubmissionId()));
    if (wanted.size() <= READ_ONE_BY_ONE) {
      Map<String, RayJobDetails> live = new LinkedHashMap<>();
      for (String submissionId : wanted) {
        ray.get(dashboard, submissionId)
            // Ray's dashboard also finds a job by its driver's job id: only the submission asked
            // for is this job.
            .filter(details -> submissionId.equals(details.submissionId()))
            .ifPresent(details -> live.put(submissionId, details));
      }
      if (forwarded.stream().allMatch(job -> live.containsKey(job.getSubmissionId()))) {
        return live;
      }
      // A forwarded job read as unknown fails it: confirmed by the list, which a 404 from
      // something other than Ray's dashboard (a proxy in front of a head that is gone) does not
      // pass as empty. A job ended on its way is mostly unknown to Ray, and only not stopped.
    }
    return ray.list(dashboard).stream()
        .collect(Collectors.toMap(RayJobDetails::submissionId, Function.identity(), (a, b) -> b));
  }

  /**
   * One job's step of a pass: one that fails (a write the database refuses) is logged and tried
   * again next pass, and the cluster's other jobs are still followed.
   */
  private static void eachJob(RayJobEntity job, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn(
          "Following job {} of cluster {} failed: {}",
          job.getSubmissionId(),
          job.getClusterId(),
          e.toString());
    }
  }

  private void endWithItsRun(RayJobEntity job) {
    if (job.isForwarded()) {
      store.end(job.getId(), JobStatus.STOPPED, JobStore.CLUSTER_STOPPED);
    } else {
      // Unless a forward recorded it since this pass read it: then it is Ray's to end.
      store.endUnforwarded(
          job.getId(), JobStatus.FAILED, "The cluster stopped before the job could be submitted");
    }
  }
}
