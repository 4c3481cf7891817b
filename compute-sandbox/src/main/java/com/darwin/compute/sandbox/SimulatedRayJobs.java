package com.darwin.compute.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIMULATED Ray Jobs API of one cluster's dashboard: jobs submitted with {@code POST /api/jobs/} go
 * PENDING, then RUNNING, then end as their {@link JobPlan} says (SUCCEEDED by default), each step
 * after the plan's delay; a stop makes a job STOPPED; the driver log grows while it runs. A job
 * whose {@code runtime_env.working_dir} names a {@code gcs://} package nobody uploaded FAILS, as
 * Ray's runtime-env setup would. Time is read when asked (no threads). Nothing is executed:
 * entrypoints are only echoed into the log.
 */
final class SimulatedRayJobs {

  private static final class Job {
    final String id;
    final String entrypoint;
    final Map<String, Object> body;
    final FakeRayServices.JobPlan plan;
    final Instant submitted;
    final String setupFailure;

    /** Its driver's job id, as Ray numbers them: {@code 01000000}, {@code 02000000}... */
    final String driverJobId;

    volatile Instant stoppedAt;

    Job(
        String id,
        String driverJobId,
        Map<String, Object> body,
        FakeRayServices.JobPlan plan,
        Instant at,
        String setupFailure) {
      this.id = id;
      this.driverJobId = driverJobId;
      this.entrypoint = String.valueOf(body.get("entrypoint"));
      this.body = body;
      this.plan = plan;
      this.submitted = at;
      this.setupFailure = setupFailure;
    }
  }

  private final Clock clock;
  private final Map<String, Job> jobs =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  /** Uploaded packages: name to the SHA-256 of their bytes. */
  private final Map<String, String> packages = new ConcurrentHashMap<>();

  private volatile FakeRayServices.JobPlan plan = FakeRayServices.JobPlan.succeeding();

  /** Drivers started on the cluster (under the jobs' lock). */
  private int drivers;

  private volatile int downloadLimit;

  SimulatedRayJobs(Clock clock) {
    this.clock = clock;
  }

  void plan(FakeRayServices.JobPlan next) {
    this.plan = next;
  }

  Set<String> packages() {
    return Set.copyOf(packages.keySet());
  }

  Optional<String> packageSha256(String name) {
    return Optional.ofNullable(packages.get(name));
  }

  List<Map<String, Object>> submittedBodies() {
    synchronized (jobs) {
      return jobs.values().stream().map(j -> j.body).toList();
    }
  }

  /** Ray's answer to a submission: 200 with the id, or 400 with Ray's reason. */
  Answer submit(Map<String, Object> body) {
    Object entrypoint = body.get("entrypoint");
    if (!(entrypoint instanceof String text) || text.isBlank()) {
      return new Answer(400, "entrypoint is required");
    }
    String id =
        body.get("submission_id") instanceof String given && !given.isBlank()
            ? given
            : "raysubmit_" + Long.toHexString(System.nanoTime());
    String setupFailure = null;
    if (body.get("runtime_env") instanceof Map<?, ?> env
        && env.get("working_dir") instanceof String dir
        && dir.startsWith("gcs://")
        && !packages.containsKey(dir.substring("gcs://".length()))) {
      setupFailure = "Failed to set up runtime environment: package " + dir + " not found";
    }
    synchronized (jobs) {
      if (jobs.containsKey(id)) {
        // As Ray's dashboard answers it: its job agent refuses with its own traceback, and the
        // dashboard relays that inside its own, as a 500 whose plain-text body ends with the
        // agent's reason and a line holding the closing '.' of the dashboard's message.
        return new Answer(
            500,
            "Traceback (most recent call last):\n"
                + "  File \"job_head.py\", in submit_job\n"
                + "RuntimeError: Request failed with status code 400: Traceback (most recent call"
                + " last):\n"
                + "  File \"job_agent.py\", in submit_job\n"
                + "ValueError: Job with submission_id "
                + id
                + " already exists. Please use a different submission_id.\n"
                + ".");
      }
      // Ray's numbering: a counter of the cluster's drivers, as 4 little-endian bytes.
      String driverJobId = "%02x000000".formatted(++drivers % 256);
      jobs.put(id, new Job(id, driverJobId, Map.copyOf(body), plan, clock.instant(), setupFailure));
    }
    return new Answer(200, Map.of("submission_id", id, "job_id", id));
  }

  List<Map<String, Object>> list() {
    synchronized (jobs) {
      return jobs.values().stream().map(this::details).toList();
    }
  }

  /** As Ray's dashboard looks a job up: by its driver's job id first, then by submission id. */
  Answer get(String id) {
    Job job;
    synchronized (jobs) {
      job =
          jobs.values().stream()
              .filter(j -> j.driverJobId.equals(id) && !status(j).equals("PENDING"))
              .findFirst()
              .orElse(jobs.get(id));
    }
    return job == null ? notFound(id) : new Answer(200, details(job));
  }

  /** The job's status as Ray reports it, or empty when Ray does not know it. */
  Optional<String> statusOf(String id) {
    Job job = jobs.get(id);
    return job == null ? Optional.empty() : Optional.of(status(job));
  }

  Answer stop(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      return notFound(id);
    }
    if (isTerminal(status(job))) {
      return new Answer(200, Map.of("stopped", false));
    }
    job.stoppedAt = clock.instant();
    return new Answer(200, Map.of("stopped", true));
  }

  Answer delete(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      return notFound(id);
    }
    if (!isTerminal(status(job))) {
      // As Ray's dashboard relays its job manager's refusal: a 500 with the traceback's text.
      return new Answer(
          500,
          "Traceback (most recent call last):\n  File \"job_manager.py\", in delete_job\n"
              + "RuntimeError: Attempted to delete job with submission_id "
              + id
              + " in a non-terminal state");
    }
    jobs.remove(id);
    return new Answer(200, Map.of("deleted", true));
  }

  Answer logs(String id) {
    Job job = jobs.get(id);
    return job == null ? notFound(id) : new Answer(200, Map.of("logs", download(logText(job))));
  }

  /** Downloads longer than this many characters are shortened as Ray's are (0 = never). */
  void limitDownloads(int characters) {
    this.downloadLimit = characters;
  }

  /**
   * As Ray 2.5x's dashboard past {@code RAY_JOB_LOG_MAX_READ_BYTES}: a truncation line, then the
   * log's last part from its first whole line.
   */
  private String download(String log) {
    int limit = downloadLimit;
    if (limit <= 0 || log.length() <= limit) {
      return log;
    }
    String window = log.substring(log.length() - limit);
    window = window.substring(window.indexOf('\n') + 1);
    return "[LOG TRUNCATED — showing last "
        + limit
        + " characters of "
        + log.length()
        + "]\n"
        + window;
  }

  /** A job's log and whether the job had ended when it was read. */
  record LogSnapshot(String text, boolean ended) {}

  /** The log, read after the status so that an ended job's log is whole; empty for no such job. */
  Optional<LogSnapshot> logSnapshot(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      return Optional.empty();
    }
    boolean ended = isTerminal(status(job));
    return Optional.of(new LogSnapshot(logText(job), ended));
  }

  boolean hasPackage(String name) {
    return packages.containsKey(name);
  }

  void putPackage(String name, String sha256) {
    packages.put(name, sha256);
  }

  private static Answer notFound(String id) {
    return new Answer(404, "Job " + id + " does not exist.");
  }

  private String status(Job job) {
    Duration elapsed = Duration.between(job.submitted, clock.instant());
    if (job.setupFailure != null) {
      return "FAILED";
    }
    if (job.stoppedAt != null) {
      return "STOPPED";
    }
    if (elapsed.compareTo(job.plan.pending()) < 0) {
      return "PENDING";
    }
    if (job.plan.running() == null
        || elapsed.compareTo(job.plan.pending().plus(job.plan.running())) < 0) {
      return "RUNNING";
    }
    return job.plan.finalStatus();
  }

  private static boolean isTerminal(String status) {
    return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("STOPPED");
  }

  private String logText(Job job) {
    String status = status(job);
    if (job.setupFailure != null) {
      return job.setupFailure + "\n";
    }
    if (status.equals("PENDING")) {
      return "";
    }
    StringBuilder log = new StringBuilder("[simulated Ray] running: " + job.entrypoint + "\n");
    List<String> output = job.plan.output();
    int shown = output.size();
    if (job.plan.running() == null) {
      shown = Math.min(1, output.size());
    } else if (status.equals("RUNNING") || status.equals("STOPPED")) {
      // A stopped job's log keeps what it had printed by then: a log only grows, as Ray's does.
      Instant until = status.equals("STOPPED") ? job.stoppedAt : clock.instant();
      long runMs = Math.max(1, job.plan.running().toMillis());
      long ranMs =
          Math.max(0, Duration.between(job.submitted.plus(job.plan.pending()), until).toMillis());
      shown = (int) Math.min(output.size(), output.size() * ranMs / runMs);
    }
    for (int i = 0; i < shown; i++) {
      log.append(output.get(i)).append('\n');
    }
    if (isTerminal(status)) {
      log.append("[simulated Ray] job ").append(status).append('\n');
    }
    return log.toString();
  }

  /** The end of a text, counted as Python counts a string's characters: in code points. */
  private static String lastCharacters(String text, int count) {
    int total = text.codePointCount(0, text.length());
    return total <= count ? text : text.substring(text.offsetByCodePoints(0, total - count));
  }

  private Map<String, Object> details(Job job) {
    String status = status(job);
    Instant start = job.submitted;
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("type", "SUBMISSION");
    // A driver (and its job id) only once the job has started.
    d.put("job_id", status.equals("PENDING") ? null : job.driverJobId);
    d.put("submission_id", job.id);
    d.put("driver_info", null);
    d.put("status", status);
    d.put("entrypoint", job.entrypoint);
    d.put(
        "message",
        switch (status) {
          case "PENDING" -> "Job has not started yet. It may be waiting for resources.";
          case "RUNNING" -> "Job is currently running.";
          case "STOPPED" -> "Job was intentionally stopped.";
          case "SUCCEEDED" -> "Job finished successfully.";
          default ->
              job.setupFailure != null
                  ? job.setupFailure
                  // As Ray words it: the message carries the end of the driver log.
                  : "Job entrypoint command failed with exit code 1, last available logs"
                      + " (truncated to 20,000 chars):\n"
                      + lastCharacters(logText(job), 20_000);
        });
    d.put("error_type", status.equals("FAILED") ? "JOB_ENTRYPOINT_COMMAND_ERROR" : null);
    d.put("start_time", start.toEpochMilli());
    d.put("end_time", isTerminal(status) ? endTime(job, status).toEpochMilli() : null);
    d.put("metadata", job.body.getOrDefault("metadata", Map.of()));
    d.put("runtime_env", job.body.getOrDefault("runtime_env", Map.of()));
    d.put("driver_agent_http_address", null);
    d.put("driver_node_id", null);
    d.put(
        "driver_exit_code",
        switch (status) {
          case "SUCCEEDED" -> 0;
          case "FAILED" -> job.setupFailure != null ? null : 1;
          default -> null;
        });
    for (String key :
        List.of(
            "entrypoint_num_cpus",
            "entrypoint_num_gpus",
            "entrypoint_memory",
            "entrypoint_resources")) {
      d.put(key, job.body.get(key));
    }
    return d;
  }

  private Instant endTime(Job job, String status) {
    if (job.stoppedAt != null && status.equals("STOPPED")) {
      return job.stoppedAt;
    }
    if (job.setupFailure != null) {
      return job.submitted;
    }
    return job.submitted.plus(job.plan.pending()).plus(job.plan.running());
  }

  /** A status and a body: a JSON object, or an error text Ray sends as plain text. */
  record Answer(int status, Object body) {}

  static List<Map<String, Object>> legacy(List<String> statuses) {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", "SUBMISSION");
      d.put("submission_id", "raysubmit_" + i);
      d.put("status", statuses.get(i));
      jobs.add(d);
    }
    return jobs;
  }
}
