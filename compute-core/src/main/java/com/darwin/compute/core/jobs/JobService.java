package com.darwin.compute.core.jobs;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.config.JobProperties;
import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.DurationText;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.ray.RayJobDetails;
import com.darwin.compute.core.ray.RayJobsClient;
import com.darwin.compute.core.ray.RayJobsException;
import com.darwin.compute.core.ray.RayLogTail;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.RayJobEntity;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.job.JobLogs;
import com.darwin.compute.model.job.JobStatus;
import com.darwin.compute.model.job.JobSubmitRequest;
import com.darwin.compute.model.job.JobView;
import com.darwin.compute.model.job.PackageUploaded;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ray jobs on a cluster, through its Ray dashboard's Jobs API. A submission is stored before it is
 * forwarded, under a submission id fixed up front (the caller's, or a new {@code raysubmit_...}),
 * so retrying a submission never makes a second job: the row is found again, and Ray refuses a
 * second job under the same id. Reads refresh the stored status from Ray, so completions are
 * recorded as soon as someone looks (and by {@link JobFollower} otherwise).
 */
@Service
public class JobService implements ApplicationContextAware {

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  /**
   * How long beyond the request timeout a job that ended here, not at Ray, is still looked for on
   * Ray. Ray acts on a send within seconds even when its answer is lost or comes too late for us;
   * this leaves room for a loaded head, or one not readable for a while, and costs one read of the
   * job from Ray per pass meanwhile.
   */
  static final Duration LATE_ARRIVAL_WATCH = Duration.ofMinutes(10);

  /** Ray's package names: {@code _ray_pkg_} and a hex content hash, zipped. */
  private static final Pattern PACKAGE_NAME = Pattern.compile("^_ray_pkg_[0-9a-f]{16,64}\\.zip$");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JobStore store;
  private final RayJobsClient ray;
  private final DashboardUrls endpoints;
  private final JobProperties properties;
  private final Clock clock;
  private final JsonMapper mapper = JsonMapper.builder().build();

  /** Uploads being spooled: each holds up to the largest package on disk until it is sent. */
  private final Semaphore uploads;

  /** Driver logs being downloaded: each holds up to the largest download in the heap. */
  private final Semaphore downloads;

  /** How long an upload's file stays untouched before a start takes it for abandoned. */
  private static final Duration ABANDONED_UPLOAD = Duration.ofHours(1);

  /** Where uploads wait while they are checked and sent on. */
  private final Path spoolDirectory;

  /**
   * Set when the process begins to stop: followed logs end within a turn, as if their job were
   * still running (the SDK and the UI open a new follow, which another replica answers). A follow
   * lasts up to an hour, and the web server's drain waited for each one to its end.
   */
  private volatile boolean closing;

  private ApplicationContext context;

  public JobService(
      JobStore store,
      RayJobsClient ray,
      DashboardUrls endpoints,
      JobProperties properties,
      Clock clock) {
    this.store = store;
    this.ray = ray;
    this.endpoints = endpoints;
    this.properties = properties;
    this.clock = clock;
    if (properties.maxConcurrentUploads() < 1) {
      throw new IllegalStateException("compute.jobs.max-concurrent-uploads must be 1 or more");
    }
    this.uploads = new Semaphore(properties.maxConcurrentUploads());
    this.downloads = new Semaphore(properties.maxConcurrentLogDownloads());
    this.spoolDirectory = spoolDirectory(properties);
    SpooledPackage.deleteAbandoned(spoolDirectory, clock.instant().minus(ABANDONED_UPLOAD));
  }

  /** The configured spool directory, made when missing, so a bad one stops the start. */
  static Path spoolDirectory(JobProperties properties) {
    if (properties.spoolDirectory() == null) {
      return Path.of(System.getProperty("java.io.tmpdir"));
    }
    try {
      Path directory = Files.createDirectories(properties.spoolDirectory());
      if (!Files.isWritable(directory)) {
        throw new IOException("not writable by this process");
      }
      return directory;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "compute.jobs.spool-directory "
              + properties.spoolDirectory()
              + " is not a directory this process can make and write: "
              + e,
          e);
    }
  }

  /** What a submission did: the job, whether this call created it, and a sentence saying so. */
  public record Submitted(JobView job, boolean created, String message) {}

  /**
   * A submission signed by {@code actor}; {@code caller}'s rights decide whether it may start a
   * stopped cluster.
   */
  public Submitted submit(String clusterId, JobSubmitRequest request, Actor actor, Caller caller) {
    checkBody(request);
    JobSubmitRequest withId =
        request.submissionId() == null ? request.withSubmissionId(newSubmissionId()) : request;
    store.requireStartBeforehand(clusterId, withId, caller);
    JobStore.Registration registration;
    try {
      registration = store.register(clusterId, withId, actor, caller);
    } catch (DataIntegrityViolationException race) {
      // The same submission_id registered concurrently: the other call's row is the job.
      registration = store.register(clusterId, withId, actor, caller);
    }
    RayJobEntity job = registration.job();
    boolean toSend =
        !(registration.waitingForCluster() || job.isForwarded() || job.getStatus().isTerminal());
    Forwarding forwarding = toSend ? forward(store.cluster(clusterId), job) : Forwarding.NOT_SENT;
    // The cluster stopped taking jobs (a restart, a stop) between the registration and the send.
    boolean deferred = toSend && forwarding.outcome() == Forwarding.Outcome.NOT_SENT;
    if (forwarding.outcome() == Forwarding.Outcome.REFUSED) {
      // Ray refused the body (a runtime_env it cannot use, say): the caller's input, so a 400.
      throw new InvalidRequestException("request", forwarding.refusal());
    }
    JobView view = get(clusterId, withId.submissionId());
    String message;
    if (!registration.created()) {
      message = "Job " + view.submissionId() + " was already submitted";
    } else if (registration.waitingForCluster()) {
      message =
          "Job accepted; it is submitted once the cluster is active, or fails if it is not"
              + " within "
              + DurationText.of(properties.submitTimeout());
    } else if (deferred && !view.status().isTerminal()) {
      message =
          "Job accepted; the cluster stopped taking jobs as it was sent (a restart or a stop): it"
              + " is submitted once the cluster is active, or ends with the cluster's run";
    } else if (view.waitingForCluster()) {
      message =
          "Job accepted; the cluster's Ray dashboard did not answer, it is submitted when it does";
    } else if (forwarding.outcome() != Forwarding.Outcome.TAKEN && view.status().isTerminal()) {
      // Ended here while on its way: stopped, its cluster stopped, or (after no answer) either.
      message =
          "Job " + view.submissionId() + " ended while it was being submitted: " + view.message();
    } else {
      // Taken by this send, or (after no usable answer) by the follower's.
      message = "Job submitted successfully";
    }
    return new Submitted(view, registration.created(), message);
  }

  /**
   * Sends a stored job to Ray. "Already exists" is success when Ray's job under the id is this one
   * (an earlier attempt got through), a refusal when it is another command; a refusal of the body
   * fails the job with Ray's reason; no answer (or a proxy's answer that may pass) leaves it for
   * {@link JobFollower}. Returns what the send came to, for a submission's answer.
   */
  Forwarding forward(ClusterEntity read, RayJobEntity job) {
    // Read again just before the send: the caller's read may be older than a restart (a follower's
    // pass sends its waiting jobs one after another), and a job is recorded with the restart
    // generation of the head it went to. A cluster not taking jobs now gets it later.
    Optional<ClusterEntity> now =
        store.findCluster(read.getClusterId()).filter(JobStore::acceptsJobs);
    if (now.isEmpty()) {
      return Forwarding.NOT_SENT;
    }
    ClusterEntity cluster = now.get();
    ObjectNode body = mapper.valueToTree(store.request(job));
    body.remove("start_cluster");
    try {
      ray.submit(endpoints.rayDashboardApi(cluster), body);
      return forwarded(cluster, job);
    } catch (RayJobsException e) {
      if (e.isDuplicateSubmission()) {
        return afterDuplicate(cluster, job);
      } else if (e.isRefusalOfTheBody()) {
        return afterRefusal(cluster, job, "Ray refused the job: " + e.getMessage());
      }
      // Otherwise no answer about the job (none at all, a 5xx, a proxy's 404 or 429): sent again
      // by the follower until the submit timeout.
      failAtTheSubmitTimeout(job, e);
      // Otherwise: still PENDING and not forwarded; the follower tries again.
      return stopIfEndedMeanwhile(cluster, job);
    }
  }

  /** How long one send of a job to Ray may wait for its answer. */
  Duration sendTimeout() {
    return properties.requestTimeout();
  }

  /**
   * Fails a job still waiting, unsent, for {@code cluster} to take jobs once {@code
   * compute.jobs.submit-timeout} has passed since its submission, saying where the cluster stood.
   */
  void failIfWaitedOut(ClusterEntity cluster, RayJobEntity job) {
    failPastTheSubmitTimeout(
        job,
        timeout ->
            "The cluster was not active within "
                + timeout
                + " of the submission (its status: "
                + cluster.getStatus().wireName()
                + ")");
  }

  /** Fails a job Ray has not been known to take within {@code compute.jobs.submit-timeout}. */
  private void failAtTheSubmitTimeout(RayJobEntity job, RayJobsException last) {
    failPastTheSubmitTimeout(
        job,
        timeout ->
            "The cluster's Ray dashboard did not take the job within "
                + timeout
                + ": "
                + last.getMessage());
  }

  /**
   * Ends an unsent job FAILED once the submit timeout has passed since its submission, with the
   * reason {@code because} gives for the timeout in words.
   */
  private void failPastTheSubmitTimeout(
      RayJobEntity job, java.util.function.UnaryOperator<String> because) {
    if (clock.instant().isAfter(job.getCreatedAt().plus(properties.submitTimeout()))) {
      store.endUnforwarded(
          job.getId(),
          JobStatus.FAILED,
          because.apply(DurationText.of(properties.submitTimeout())));
    }
  }

  /**
   * Ray already has a job under this submission id: this row's, when an earlier send got through
   * (its answer lost, or the follower's send at the same time). Another command is not: a job given
   * Ray directly under the id, or the job of a row deleted since under the same id, would otherwise
   * be followed, stopped and deleted as this one while this one never ran. When Ray cannot be asked
   * now, the send is left as unanswered, for the follower to send (and ask) again.
   */
  private Forwarding afterDuplicate(ClusterEntity cluster, RayJobEntity job) {
    Optional<RayJobDetails> held;
    try {
      held = ray.get(endpoints.rayDashboardApi(cluster), job.getSubmissionId());
    } catch (RayJobsException e) {
      failAtTheSubmitTimeout(job, e);
      // Not stopped on Ray if it ended here meanwhile: what Ray holds may be another command's.
      // The follower's watch of jobs ended on their way stops it there if it is this one.
      return store
              .find(cluster.getClusterId(), job.getSubmissionId())
              .map(now -> now.getStatus().isTerminal())
              .orElse(true)
          ? Forwarding.ENDED_MEANWHILE
          : Forwarding.NO_ANSWER;
    }
    if (held.isPresent()
        && held.get().entrypoint() != null
        && !job.getEntrypoint().equals(held.get().entrypoint())) {
      return afterRefusal(
          cluster,
          job,
          "Ray already has another job under the submission id "
              + job.getSubmissionId()
              + " (another entrypoint); submit this one under another id");
    }
    return forwarded(cluster, job);
  }

  /**
   * Ray refused a send ({@link RayJobsException#isRefusalOfTheBody}): the caller's body, whoever
   * ended the row (the follower may have heard the same refusal first, or a stop ended it), unless
   * another send got the job to Ray meanwhile.
   */
  private Forwarding afterRefusal(ClusterEntity cluster, RayJobEntity job, String reason) {
    if (store.endUnforwarded(job.getId(), JobStatus.FAILED, reason)) {
      return Forwarding.refused(reason);
    }
    Optional<RayJobEntity> atRay =
        store.find(cluster.getClusterId(), job.getSubmissionId()).filter(RayJobEntity::isForwarded);
    if (atRay.isEmpty()) {
      return Forwarding.refused(reason);
    }
    // The follower's send got it to Ray: this refusal was not about the body Ray has (a proxy's
    // limit, say). Ray's to follow, unless it had ended here already.
    return atRay.get().endedBeforeRayHadIt() ? Forwarding.ENDED_MEANWHILE : Forwarding.TAKEN;
  }

  /**
   * Jobs that ended here before Ray was known to have them (stopped, refused, failed at the submit
   * timeout, their cluster stopped) in the last {@link #LATE_ARRIVAL_WATCH} beyond the request
   * timeout: a send whose answer we gave up on, or lost, may still be acted on by Ray after that.
   */
  List<RayJobEntity> endedOnTheirWay() {
    return store.endedUnforwardedSince(
        clock.instant().minus(properties.requestTimeout()).minus(LATE_ARRIVAL_WATCH));
  }

  /**
   * A job that ended here before Ray took it, which Ray lists all the same: Ray acted on a send
   * late, and nothing else would stop it. Stopped there first, and only then recorded as at Ray (so
   * deleting it deletes it there), so a stop that fails is tried again on the next pass. Acts on
   * the row as it is now: one deleted since (and maybe submitted again under its id) is left alone.
   */
  void stopTakenLate(ClusterEntity cluster, RayJobEntity seen) {
    boolean stillEndedHere =
        store
            .find(cluster.getClusterId(), seen.getSubmissionId())
            .filter(now -> now.getId().equals(seen.getId()))
            .filter(now -> !now.isForwarded() && now.getStatus().isTerminal())
            .isPresent();
    if (stillEndedHere
        && stopOnRay(
            cluster,
            seen.getSubmissionId(),
            "ended here before Ray took it, and Ray took it late (tried again on the next pass)")) {
      store.markForwarded(seen.getId(), cluster.getRestartGeneration());
    }
  }

  /**
   * After a submission with no answer: Ray may have the job all the same (the answer was lost, not
   * the request). If it ended here meanwhile (its user stopped it, when Ray did not know it yet, or
   * it failed just now), nothing follows it any more, so it must not run on there.
   */
  private Forwarding stopIfEndedMeanwhile(ClusterEntity cluster, RayJobEntity job) {
    boolean ended =
        store
            .find(cluster.getClusterId(), job.getSubmissionId())
            .map(now -> now.getStatus().isTerminal())
            .orElse(true);
    if (!ended) {
      return Forwarding.NO_ANSWER;
    }
    stopIfRayHasItAnyway(cluster, job.getSubmissionId());
    return Forwarding.ENDED_MEANWHILE;
  }

  /**
   * Ray has the job now. If it ended here meanwhile (its user stopped it while the submission was
   * on its way, which the stop could not tell Ray), it is stopped on Ray: its row says it ended and
   * nothing follows it any more, so it must not run on.
   */
  private Forwarding forwarded(ClusterEntity cluster, RayJobEntity job) {
    if (store.markForwarded(job.getId(), cluster.getRestartGeneration())) {
      return Forwarding.TAKEN;
    }
    stopOnRay(cluster, job.getSubmissionId(), "ended while it was being submitted");
    return Forwarding.ENDED_MEANWHILE;
  }

  /**
   * Stops a job on the cluster's Ray, for a job that ended here; {@code why} says so in the log if
   * Ray cannot be told. True when Ray has it stopped or does not know it (a 404).
   */
  private boolean stopOnRay(ClusterEntity cluster, String submissionId, String why) {
    try {
      ray.stop(endpoints.rayDashboardApi(cluster), submissionId);
      return true;
    } catch (RayJobsException e) {
      if (e.isNotFound()) {
        return true;
      }
      log.warn(
          "Job {} of cluster {} {}, and stopping it on Ray failed: {}",
          submissionId,
          cluster.getClusterId(),
          why,
          e.getMessage());
      return false;
    }
  }

  /**
   * The cluster's jobs: those submitted here (newest first), then any submitted to Ray directly.
   */
  public List<JobView> list(String clusterId) {
    ClusterEntity cluster = store.cluster(clusterId);
    Map<String, RayJobDetails> live = new HashMap<>();
    if (JobStore.acceptsJobs(cluster)) {
      try {
        for (RayJobDetails details : ray.list(endpoints.rayDashboardApi(cluster))) {
          live.put(details.submissionId(), details);
        }
      } catch (RayJobsException e) {
        // The stored view still answers; statuses are as last observed.
      }
    }
    List<JobView> views = new ArrayList<>();
    for (RayJobEntity job : store.ofCluster(clusterId)) {
      RayJobDetails details = live.remove(job.getSubmissionId());
      // Read again only where Ray's answer changed the row: every job read once more, one
      // statement each, made a cluster's list as many round trips as it had jobs.
      boolean changed = details != null && observe(job, details);
      views.add(
          view(changed ? store.find(clusterId, job.getSubmissionId()).orElse(job) : job, details));
    }
    live.values().stream()
        .filter(d -> d.type() == null || "SUBMISSION".equals(d.type()))
        .forEach(d -> views.add(foreign(clusterId, d)));
    return views;
  }

  public JobView get(String clusterId, String submissionId) {
    ClusterEntity cluster = store.cluster(clusterId);
    Optional<RayJobEntity> stored = store.find(clusterId, submissionId);
    RayJobDetails details = null;
    if ((stored.isEmpty() || isLive(stored.get())) && JobStore.acceptsJobs(cluster)) {
      try {
        details = ray.get(endpoints.rayDashboardApi(cluster), submissionId).orElse(null);
      } catch (RayJobsException e) {
        if (stored.isEmpty()) {
          throw unavailable(clusterId, e);
        }
      }
    }
    if (stored.isEmpty()) {
      if (details == null) {
        throw new JobNotFoundException(clusterId, submissionId);
      }
      return foreign(clusterId, details);
    }
    if (details != null) {
      observe(stored.get(), details);
    }
    // Read again for what observing Ray changed; a delete since is a 404, as it would be a moment
    // later.
    return view(
        store
            .find(clusterId, submissionId)
            .orElseThrow(() -> new JobNotFoundException(clusterId, submissionId)),
        details);
  }

  /**
   * A submission that got no answer (a timeout) may still have reached Ray, and nothing follows a
   * job that ended here: it would run on while its row says stopped. So Ray is told too when the
   * cluster takes jobs (a 404: it never got it). A dashboard that does not answer costs this stop
   * up to {@code compute.jobs.request-timeout}, and is logged; the row stays stopped.
   */
  private void stopIfRayHasItAnyway(ClusterEntity cluster, String submissionId) {
    if (JobStore.acceptsJobs(cluster)) {
      stopOnRay(cluster, submissionId, "ended before Ray answered its submission");
    }
  }

  /** Stops a job: one not at Ray yet ends here; an ended job is a 409. */
  public JobView stop(String clusterId, String submissionId, Actor actor) {
    JobView job = get(clusterId, submissionId);
    if (job.status().isTerminal()) {
      throw new ClusterConflictException(
          "Job " + submissionId + " has already ended (" + job.status() + ")");
    }
    Optional<RayJobEntity> stored = store.find(clusterId, submissionId);
    if (stored.isPresent() && !stored.get().isForwarded()) {
      // Ended only if no forward has recorded it since it was read; otherwise Ray has it now.
      if (store.endUnforwarded(
          stored.get().getId(),
          JobStatus.STOPPED,
          "Stopped by " + actor.name() + " before it was submitted to Ray")) {
        store.recordStopRequested(stored.get(), actor);
        stopIfRayHasItAnyway(store.cluster(clusterId), submissionId);
        return get(clusterId, submissionId);
      }
      RayJobEntity now =
          store
              .find(clusterId, submissionId)
              .orElseThrow(() -> new JobNotFoundException(clusterId, submissionId));
      if (now.getStatus().isTerminal()) {
        throw new ClusterConflictException(
            "Job " + submissionId + " has already ended (" + now.getStatus() + ")");
      }
      stored = Optional.of(now);
    }
    ClusterEntity cluster = store.cluster(clusterId);
    Optional<String> lost =
        stored.isEmpty() ? Optional.empty() : JobStore.lostWithItsHead(cluster, stored.get());
    if (lost.isPresent()) {
      // Ray lost it with the head (a restart, a stop): nothing there to stop, and its dashboard
      // may be down meanwhile (a 503) or up again without it (a 404). Ended here, as the follower
      // would at its next pass. Ray is told too when the cluster takes jobs (a 404 when the head
      // that had it is gone): a head that outlived its run, its deletion not yet seen, may have it.
      store.end(
          stored.get().getId(),
          JobStatus.STOPPED,
          "Stopped by " + actor.name() + ". " + lost.get());
      store.recordStopRequested(stored.get(), actor);
      stopIfRayHasItAnyway(cluster, submissionId);
      return get(clusterId, submissionId);
    }
    try {
      ray.stop(endpoints.rayDashboardApi(cluster), submissionId);
    } catch (RayJobsException e) {
      if (e.isNotFound()) {
        throw new JobNotFoundException(clusterId, submissionId);
      }
      throw e.isRefusalOfTheBody() ? refused(submissionId, "stop", e) : unavailable(clusterId, e);
    }
    stored.ifPresent(row -> store.recordStopRequested(row, actor));
    return get(clusterId, submissionId);
  }

  /**
   * Ray's refusal of a stop or a delete (a 400: a job it is still stopping is not terminal there
   * yet): a conflict with the job's state at Ray, in Ray's words, not a dashboard failure (502).
   */
  private static ClusterConflictException refused(
      String submissionId, String what, RayJobsException e) {
    return new ClusterConflictException(
        "Ray refused to " + what + " job " + submissionId + ": " + e.getMessage());
  }

  /** Deletes an ended job, from Ray and from here; a job still open is a 409. */
  public void delete(String clusterId, String submissionId, Actor actor) {
    JobView job = get(clusterId, submissionId);
    if (!job.status().isTerminal()) {
      throw new ClusterConflictException(
          "Job " + submissionId + " is " + job.status() + "; stop it before deleting it");
    }
    ClusterEntity cluster = store.cluster(clusterId);
    Optional<RayJobEntity> stored = store.find(clusterId, submissionId);
    if (stored.isEmpty() && !JobStore.acceptsJobs(cluster)) {
      // Read a moment ago, and Ray is not asked: another delete of it got there first.
      throw new JobNotFoundException(clusterId, submissionId);
    }
    boolean atRay = stored.map(RayJobEntity::isForwarded).orElse(true);
    if (atRay && JobStore.acceptsJobs(cluster)) {
      try {
        ray.delete(endpoints.rayDashboardApi(cluster), submissionId);
      } catch (RayJobsException e) {
        if (e.isRefusalOfTheBody() || e.isNotEndedAtRay()) {
          // Still stopping at Ray: a 409 in Ray's words, for the caller to try again shortly.
          throw refused(submissionId, "delete", e);
        } else if (!e.isNotFound()) {
          throw unavailable(clusterId, e);
        } else if (stored.isEmpty()) {
          // Neither here nor at Ray (any more): another delete of it got there first.
          throw new JobNotFoundException(clusterId, submissionId);
        }
      }
    }
    if (stored.isPresent() && !store.delete(stored.get(), actor)) {
      // Another delete of the job got there first: answered as a delete sent after it would be.
      throw new JobNotFoundException(clusterId, submissionId);
    }
  }

  /**
   * A job that ended here and never reached Ray has no log there: what Ray holds under its id is
   * another job's (one given Ray directly under it, which refused this one), not this one's.
   */
  private boolean endedBeforeRayHadIt(String clusterId, JobView job) {
    return job.status().isTerminal()
        && store
            .find(clusterId, job.submissionId())
            .map(stored -> !stored.isForwarded())
            .orElse(false);
  }

  /** The driver log, or its last {@code tail} lines (all when {@code tail} is null). */
  public JobLogs logs(String clusterId, String submissionId, Integer tail) {
    JobView job = followable(clusterId, submissionId, tail);
    String logs = readLogs(clusterId, job);
    return new JobLogs(submissionId, job.status(), tail == null ? logs : lastLines(logs, tail));
  }

  /**
   * The job whose log is asked for, after the checks a read of it makes (a known job, a tail of 0
   * or more): what a follow answers in the envelope before its stream starts, without downloading
   * the log for it.
   */
  public JobView followable(String clusterId, String submissionId, Integer tail) {
    if (tail != null && tail < 0) {
      throw new InvalidRequestException("tail", "must be 0 or more");
    }
    return get(clusterId, submissionId);
  }

  /** This process is stopping: its own context closes (a child context's close reaches it too). */
  @EventListener
  void closing(ContextClosedEvent event) {
    if (event.getApplicationContext() == context) {
      closing = true;
    }
  }

  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  /**
   * Follows a job's log: hands each new piece to {@code sink} until the job has ended (its last
   * output included), {@code compute.jobs.follow-timeout} has passed or this process stops. Returns
   * the status last read. The pieces come from Ray's log stream; where the dashboard does not
   * stream (or not yet: Ray does not know a job still waiting for its cluster), from downloading
   * the whole log every {@code compute.jobs.follow-interval}.
   */
  public JobStatus follow(
      String clusterId, String submissionId, Integer tail, Consumer<String> sink)
      throws InterruptedException {
    JobView job = get(clusterId, submissionId);
    Instant deadline = clock.instant().plus(properties.followTimeout());
    // The answer's headers go now: a wait for a download's place below sends nothing else.
    sink.accept("");
    String first = null;
    while (true) {
      try {
        first = readLogsIfAnswered(clusterId, job);
        break;
      } catch (TooManyLogDownloadsException e) {
        // This replica's downloads are all taken: waited for, not skipped, so the tail asked for is
        // cut from the log rather than the whole log sent once a later turn reads it.
        if (!clock.instant().isBefore(deadline) || closing) {
          break;
        }
        Thread.sleep(properties.followInterval().toMillis());
      }
    }
    // Not answered now: the log is sent from its start once it is, streamed or downloaded (a tail
    // asked for is not cut from it then).
    boolean behind = first == null;
    String sent = behind ? "" : first;
    sink.accept(tail == null ? sent : lastLines(sent, tail));
    LogCursor cursor = new LogCursor(sink, sent);
    boolean streams = true;
    // Until the job has ended and its whole log has been read since.
    while ((behind || !job.status().isTerminal())
        && clock.instant().isBefore(deadline)
        && !closing) {
      // Not a stream of an ended job's log while its download fails: Ray ends that stream at
      // once, and with no pause between the turns the follow would spin.
      boolean endedBehind = behind && job.status().isTerminal();
      LogStream stream =
          streams && !endedBehind && !job.waitingForCluster()
              ? stream(clusterId, job, cursor, deadline)
              : LogStream.NOT_OPENED;
      streams = stream != LogStream.REFUSED;
      if (stream != LogStream.ENDED) {
        Thread.sleep(properties.followInterval().toMillis());
      }
      if (closing) {
        // Nothing more read from Ray for a stream about to end: a reader opens it again elsewhere.
        break;
      }
      job = refreshed(clusterId, job);
      if (stream == LogStream.ENDED
          && !job.status().isTerminal()
          && clock.instant().isBefore(deadline)
          && !closing) {
        // The stream broke off while the job runs: not reconnected at once, in case it keeps so,
        // and not downloaded meanwhile, as the next stream sends the log again from its start.
        Thread.sleep(properties.followInterval().toMillis());
        continue;
      }
      // Once more whole after a stream, too: Ray ends its stream when, having read to the end of
      // the log, it finds the job ended; what the driver wrote between the two is never sent.
      String whole;
      try {
        whole = readLogsIfAnswered(clusterId, job);
      } catch (TooManyLogDownloadsException e) {
        whole = null; // this replica's downloads are all taken: the next turn tries again
      }
      behind = whole == null;
      if (!behind) {
        cursor.whole(whole);
      }
    }
    return job.status();
  }

  /**
   * The job as it is now, or as it was when Ray cannot say (a job Ray alone knows, while its
   * dashboard fails): a follow goes on rather than end on it.
   */
  private JobView refreshed(String clusterId, JobView job) {
    try {
      return get(clusterId, job.submissionId());
    } catch (RayUnavailableException e) {
      log.debug("Following job {} of {}: {}", job.submissionId(), clusterId, e.getMessage());
      return job;
    }
  }

  /**
   * The whole log, or null when the dashboard failed to give it now (a proxy's 502, a download
   * slower than the request timeout on a busy head): a follow tries again at its next turn, within
   * its deadline, rather than end while the job runs, which its reader could not tell from the
   * job's end.
   */
  private String readLogsIfAnswered(String clusterId, JobView job) {
    try {
      return readLogs(clusterId, job);
    } catch (RayUnavailableException e) {
      // Debug: a follower would log this every turn of an outage; the job follower reports it.
      log.debug(
          "Following the log of job {} of {}: {}; trying again",
          job.submissionId(),
          clusterId,
          e.getMessage());
      return null;
    }
  }

  /** How a try at streaming a log went. */
  private enum LogStream {
    /** Streamed until it closed (the job ended, or the connection did) or the deadline. */
    ENDED,
    /**
     * Not open now (Ray does not know the job yet, did not answer, or failed): poll, and try again
     * later.
     */
    NOT_OPENED,
    /** This dashboard (or a proxy before it) refuses to stream logs: poll from now on. */
    REFUSED
  }

  private LogStream stream(String clusterId, JobView job, LogCursor cursor, Instant deadline)
      throws InterruptedException {
    ClusterEntity cluster = store.cluster(clusterId);
    if (!JobStore.acceptsJobs(cluster)) {
      return LogStream.NOT_OPENED;
    }
    try (RayLogTail stream = ray.tailLogs(endpoints.rayDashboardApi(cluster), job.submissionId())) {
      cursor.restart();
      Duration quiet = properties.followInterval();
      // A piece read is written: the process stopping is checked before the next is read.
      for (String piece; !closing && (piece = stream.next(quiet)) != null; ) {
        if (!clock.instant().isBefore(deadline)) {
          break;
        }
        if (!piece.isEmpty()) {
          cursor.piece(piece);
        } else if (refreshed(clusterId, job).status().isTerminal()) {
          // Quiet, and the job has ended: a stream whose far side went away without a close
          // (a node gone, a stalled proxy) would otherwise hold the follow until its deadline.
          break;
        }
      }
      return LogStream.ENDED;
    } catch (RayJobsException e) {
      if (!e.isRefusal() || e.isNotFound()) {
        return LogStream.NOT_OPENED;
      }
      log.info(
          "The Ray dashboard of {} does not stream job logs ({}: {}); downloading them instead",
          clusterId,
          e.status(),
          e.getMessage());
      return LogStream.REFUSED;
    }
  }

  /**
   * Stores a working directory (a zip named as Ray names packages) in the cluster's Ray dashboard,
   * unless it is there already, and gives the {@code gcs://} URI for {@code runtime_env}.
   */
  public PackageUploaded uploadPackage(
      String clusterId, String name, long declaredLength, InputStream zip) throws IOException {
    if (!PACKAGE_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "package_name", "must be _ray_pkg_<hex content hash>.zip, as Ray names packages");
    }
    ClusterEntity cluster = store.cluster(clusterId);
    if (!JobStore.acceptsJobs(cluster)) {
      throw new ClusterConflictException(
          "Cluster " + clusterId + " is not active; upload the working directory once it is");
    }
    long max = properties.largestPackage();
    if (declaredLength > max) {
      // Refused on its Content-Length, before a byte is read: a client that sent
      // "Expect: 100-continue" (curl does for bodies over 1 MB) never sends the body.
      throw tooLarge();
    }
    if (!uploads.tryAcquire()) {
      throw new TooManyUploadsException(properties.maxConcurrentUploads());
    }
    try (SpooledPackage spooled =
        SpooledPackage.of(zip, max, spoolDirectory).orElseThrow(this::tooLarge)) {
      if (!spooled.looksLikeZip()) {
        throw new InvalidRequestException("package", "is not a zip archive");
      }
      String dashboard = endpoints.rayDashboardApi(cluster);
      try {
        if (ray.packageExists(dashboard, "gcs", name)) {
          return new PackageUploaded("gcs://" + name, spooled.size(), true);
        }
        ray.uploadPackage(dashboard, "gcs", name, spooled.file());
      } catch (RayJobsException e) {
        throw unavailable(clusterId, e);
      }
      return new PackageUploaded("gcs://" + name, spooled.size(), false);
    } catch (SpooledPackage.BrokenOff e) {
      // The client left or stalled: its input, not the service, and no incident to report (Tomcat
      // has already answered a stall itself, with a 408).
      throw new InvalidRequestException("package", e.getMessage());
    } finally {
      uploads.release();
    }
  }

  private InvalidRequestException tooLarge() {
    return new InvalidRequestException(
        "package",
        "is larger than "
            + properties.largestPackage()
            + " bytes, the most compute.jobs.max-package-size and Ray's dashboard (less than"
            + " 100 MiB) accept");
  }

  private String readLogs(String clusterId, JobView job) {
    if (job.waitingForCluster() || endedBeforeRayHadIt(clusterId, job)) {
      return "";
    }
    ClusterEntity cluster = store.cluster(clusterId);
    if (!JobStore.acceptsJobs(cluster)) {
      return "";
    }
    if (!downloads.tryAcquire()) {
      throw new TooManyLogDownloadsException(properties.maxConcurrentLogDownloads());
    }
    try {
      return ray.logs(endpoints.rayDashboardApi(cluster), job.submissionId());
    } catch (RayJobsException e) {
      if (e.isNotFound()) {
        return "";
      }
      throw unavailable(clusterId, e);
    } finally {
      downloads.release();
    }
  }

  static String lastLines(String text, int lines) {
    if (lines == 0) {
      return "";
    }
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    int at = end;
    for (int seen = 0; at > 0; ) {
      at = text.lastIndexOf('\n', at - 1);
      if (at < 0) {
        return text;
      }
      if (++seen == lines) {
        return text.substring(at + 1);
      }
    }
    return text;
  }

  private static boolean isLive(RayJobEntity job) {
    return job.isForwarded() && !job.getStatus().isTerminal();
  }

  /** Records what Ray says of the job; whether that changed its row. */
  private boolean observe(RayJobEntity job, RayJobDetails details) {
    if (job.getStatus().isTerminal() || !job.isForwarded()) {
      return false;
    }
    if (job.getStatus() != details.status()
        // As the row keeps it: a message longer than its column is not new at every read.
        || !Objects.equals(job.getMessage(), RayJobEntity.asStored(details.message()))) {
      store.observe(
          job.getId(),
          details.status(),
          details.message(),
          details.startTime(),
          details.endTime(),
          details.driverExitCode());
      return true;
    }
    return false;
  }

  private JobView view(RayJobEntity job, RayJobDetails details) {
    JobSubmitRequest request = store.request(job);
    return new JobView(
        job.getSubmissionId(),
        job.getClusterId(),
        job.getEntrypoint(),
        job.getStatus(),
        job.getMessage(),
        job.getSubmittedBy(),
        job.getAdmission(),
        job.getAdmissionMessage(),
        !job.isForwarded() && !job.getStatus().isTerminal(),
        job.getCreatedAt(),
        job.getStartTime(),
        job.getEndTime(),
        job.getDriverExitCode(),
        request.entrypointNumCpus(),
        request.entrypointNumGpus(),
        request.entrypointMemory(),
        request.entrypointResources(),
        request.runtimeEnv(),
        request.metadata());
  }

  private static JobView foreign(String clusterId, RayJobDetails d) {
    return new JobView(
        d.submissionId(),
        clusterId,
        d.entrypoint(),
        d.status(),
        d.message(),
        null,
        null,
        null,
        false,
        null,
        d.startTime(),
        d.endTime(),
        d.driverExitCode(),
        d.entrypointNumCpus(),
        d.entrypointNumGpus(),
        d.entrypointMemory(),
        d.entrypointResources(),
        d.runtimeEnv(),
        d.metadata());
  }

  private static RayUnavailableException unavailable(String clusterId, RayJobsException e) {
    return new RayUnavailableException(
        "The Ray dashboard of cluster " + clusterId + " failed: " + e.getMessage(), e);
  }

  private static String newSubmissionId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "raysubmit_" + HexFormat.of().formatHex(bytes);
  }

  /**
   * The texts a submission stores and hands to Ray: a lone surrogate would be stored as '?', a
   * control character (other than line breaks and tabs in values) break the logs and variables that
   * carry it. And {@code runtime_env}, whose shape is Ray's, is bounded as a whole. A 400 before
   * the job's row is made.
   */
  private void checkBody(JobSubmitRequest request) {
    List<FieldError> errors = new ArrayList<>();
    if (request.runtimeEnv() != null) {
      long bytes = mapper.writeValueAsBytes(request.runtimeEnv()).length;
      long max = properties.maxRuntimeEnv().toBytes();
      if (bytes > max) {
        throw new InvalidRequestException(
            "runtime_env",
            "is "
                + bytes
                + " bytes as JSON; at most "
                + max
                + " are accepted (compute.jobs.max-runtime-env). Put files in working_dir"
                + " (PUT /cluster/{cluster_id}/jobs/packages/...), not in the environment");
      }
    }
    TextRules.check("entrypoint", request.entrypoint(), true, errors);
    if (request.metadata() != null) {
      request
          .metadata()
          .forEach(
              (key, value) -> {
                TextRules.check("metadata", key, false, errors);
                TextRules.check("metadata." + key, value, true, errors);
              });
    }
    if (request.runtimeEnv() != null) {
      texts(errors, "runtime_env", request.runtimeEnv());
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  private static void texts(List<FieldError> errors, String field, Object value) {
    if (value instanceof String text) {
      TextRules.check(field, text, true, errors);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, inner) -> {
            TextRules.check(field, String.valueOf(key), false, errors);
            texts(errors, field + "." + key, inner);
          });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        texts(errors, field + "[" + i + "]", list.get(i));
      }
    }
  }
}
