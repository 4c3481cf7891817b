package com.darwin.compute.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED Ray dashboards and Jupyter servers, one HTTP server for every cluster, routed by the
 * first path segment: {@code /{clusterId}/nodes?view=summary}, {@code /{clusterId}/api/jobs/} (the
 * whole Jobs API, see {@link SimulatedRayJobs}), {@code /{clusterId}/jupyter/api/kernels}, {@code
 * /{clusterId}/jupyter/api/terminals}. The answers follow the shapes of the real endpoints (the
 * fields the control plane reads). Tests set each cluster's CPU usage, jobs, kernels and failures;
 * an untouched cluster looks idle.
 */
public final class FakeRayServices implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FakeRayServices.class);
  private static final long GIB = 1024L * 1024 * 1024;

  /** What one cluster's dashboard and Jupyter report. Mutable through the knobs below. */
  private static final class Activity {
    final String clusterId;
    volatile double headCpu;
    volatile List<Double> workerCpu = List.of();
    volatile List<String> jobStatuses = List.of();
    volatile List<KernelState> kernels = List.of();
    volatile List<Instant> terminals = List.of();
    volatile int failureStatus; // 0 = answer normally
    volatile int logDownloadFailureStatus; // 0 = answer normally
    volatile Duration delay = Duration.ZERO;
    volatile SubmissionHold submissionHold;
    volatile LogStreaming logStreaming = LogStreaming.WHOLE;
    final SimulatedRayJobs submitted = new SimulatedRayJobs(Clock.systemUTC());

    Activity(String clusterId) {
      this.clusterId = clusterId;
    }
  }

  /**
   * How the next submitted jobs behave: how long they stay PENDING and RUNNING ({@code running}
   * null = until stopped), how they end, and what they print while running.
   */
  public record JobPlan(
      Duration pending, Duration running, String finalStatus, List<String> output) {

    public static JobPlan succeeding() {
      return new JobPlan(
          Duration.ofMillis(200),
          Duration.ofMillis(800),
          "SUCCEEDED",
          List.of("step 1/3", "step 2/3", "step 3/3"));
    }

    public static JobPlan failing() {
      return new JobPlan(
          Duration.ofMillis(200), Duration.ofMillis(500), "FAILED", List.of("Traceback: boom"));
    }

    /** Runs until stopped. */
    public static JobPlan endless() {
      return new JobPlan(Duration.ofMillis(200), null, "SUCCEEDED", List.of("working"));
    }
  }

  /**
   * Holds back the answers to a cluster's job submissions: Ray takes each job at once, but the
   * submitter hears so only after {@link #release} (or after a minute, so a forgotten hold cannot
   * hang a test run); or, made by {@link #holdSubmissionsAndLoseTheAnswer}, Ray takes it only then
   * and the answer is lost. A test uses it to act while a submission is in flight.
   */
  public static final class SubmissionHold implements AutoCloseable {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * Ray takes the job only on release, and the answer is then lost (the connection closes with
     * none, as a proxy between may drop it): the submitter cannot tell whether Ray has the job.
     */
    private final boolean answerLost;

    SubmissionHold(boolean answerLost) {
      this.answerLost = answerLost;
    }

    /**
     * Waits until a submission has reached the dashboard (unanswered; Ray has the job unless the
     * answer is to be lost, when it takes it on release).
     */
    public void awaitSubmission(Duration timeout) throws InterruptedException {
      if (!arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no submission reached the dashboard within " + timeout);
      }
    }

    /** Lets the held submissions (and every later one) go on. */
    public void release() {
      released.countDown();
    }

    @Override
    public void close() {
      release();
    }

    private void hold() throws InterruptedException {
      arrived.countDown();
      released.await(1, TimeUnit.MINUTES);
    }
  }

  /**
   * How the dashboard answers {@code GET /api/jobs/{id}/logs/tail}, Ray's WebSocket that streams a
   * job's log: {@code WHOLE} as Ray does (the log from its first line, each new piece as it comes,
   * a close once the job has ended); {@code REFUSED} as a dashboard that cannot stream (a 400, as
   * aiohttp answers a request that did not upgrade); {@code BREAKS_OFF} sends the first piece, then
   * drops the connection without a close, as a network would; {@code STALLS} streams but never
   * closes, not even once the job has ended (a driver's node gone, as Ray's head then waits on its
   * agent for ever).
   */
  public enum LogStreaming {
    WHOLE,
    REFUSED,
    BREAKS_OFF,
    STALLS
  }

  /** One Jupyter kernel: {@code busy} or {@code idle}, and when it was last active. */
  public record KernelState(String executionState, Instant lastActivity) {}

  private final HttpServer server;
  private WebSocketFront front;
  private final Map<String, Activity> clusters = new ConcurrentHashMap<>();
  private final Map<String, Integer> requests = new ConcurrentHashMap<>();
  private final Map<String, Integer> logDownloads = new ConcurrentHashMap<>();
  private final Map<String, Integer> jobListings = new ConcurrentHashMap<>();
  private final Map<String, Integer> failedLogDownloads = new ConcurrentHashMap<>();
  private final Map<String, Integer> logStreams = new ConcurrentHashMap<>();
  private final KubernetesSerialization json = new KubernetesSerialization();

  private FakeRayServices(HttpServer server) {
    this.server = server;
  }

  public static FakeRayServices start() {
    try {
      HttpServer server = LoopbackHttpServers.create();
      FakeRayServices fake = new FakeRayServices(server);
      server.createContext("/", fake::handle);
      server.setExecutor(
          Executors.newFixedThreadPool(
              8,
              r -> {
                Thread t = new Thread(r, "fake-ray-services");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      fake.front = WebSocketFront.start(server.getAddress(), fake::tailLogs);
      log.info("[simulated Ray dashboard/Jupyter] listening on {}", fake.baseUrl());
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Ray services", e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + front.port();
  }

  /**
   * The dashboard URL template the control plane should use ({@code compute.ray.dashboard-url}).
   */
  public String dashboardUrlTemplate() {
    return baseUrl() + "/{cluster_id}";
  }

  /** The Jupyter URL template ({@code compute.ray.jupyter-url}). */
  public String jupyterUrlTemplate() {
    return baseUrl() + "/{cluster_id}/jupyter";
  }

  private Activity of(String clusterId) {
    return clusters.computeIfAbsent(clusterId, Activity::new);
  }

  public void setCpu(String clusterId, double headPercent, List<Double> workerPercents) {
    Activity a = of(clusterId);
    a.headCpu = headPercent;
    a.workerCpu = List.copyOf(workerPercents);
  }

  /** Ray job statuses, e.g. {@code RUNNING}, {@code SUCCEEDED}; all of type SUBMISSION. */
  public void setJobs(String clusterId, List<String> statuses) {
    of(clusterId).jobStatuses = List.copyOf(statuses);
  }

  /** How the cluster's next submitted jobs behave (by default: succeed after about a second). */
  public void planJobs(String clusterId, JobPlan plan) {
    of(clusterId).submitted.plan(plan);
  }

  /** The Jobs API bodies the cluster's dashboard received, in submission order. */
  public List<Map<String, Object>> submittedJobs(String clusterId) {
    return of(clusterId).submitted.submittedBodies();
  }

  /** Names of the packages ({@code _ray_pkg_<hash>.zip}) uploaded to the cluster's dashboard. */
  public java.util.Set<String> packages(String clusterId) {
    return of(clusterId).submitted.packages();
  }

  /** The SHA-256 (hex) of the bytes uploaded as the package, when one was. */
  public Optional<String> packageSha256(String clusterId, String name) {
    return of(clusterId).submitted.packageSha256(name);
  }

  public void streamLogs(String clusterId, LogStreaming streaming) {
    of(clusterId).logStreaming = streaming;
  }

  /**
   * Job log downloads ({@code GET /api/jobs/{id}/logs}) longer than {@code characters} come
   * shortened, as Ray's dashboard shortens them past {@code RAY_JOB_LOG_MAX_READ_BYTES} (16 MiB by
   * default): a {@code [LOG TRUNCATED ...]} line, then the log's last part. The stream stays whole.
   */
  public void limitLogDownloads(String clusterId, int characters) {
    of(clusterId).submitted.limitDownloads(characters);
  }

  /** How many times a job log was downloaded whole ({@code GET /api/jobs/{id}/logs}). */
  public int logDownloads(String clusterId) {
    return logDownloads.getOrDefault(clusterId, 0);
  }

  /** How many times the cluster's whole job list was read ({@code GET /api/jobs/}). */
  public int jobListings(String clusterId) {
    return jobListings.getOrDefault(clusterId, 0);
  }

  /** How many log streams ({@code /api/jobs/{id}/logs/tail}) the dashboard accepted. */
  public int logStreams(String clusterId) {
    return logStreams.getOrDefault(clusterId, 0);
  }

  public void setKernels(String clusterId, List<KernelState> kernels) {
    of(clusterId).kernels = List.copyOf(kernels);
  }

  public void setTerminals(String clusterId, List<Instant> lastActivity) {
    of(clusterId).terminals = List.copyOf(lastActivity);
  }

  /** Holds back the answers to the cluster's next job submissions until the hold is released. */
  public SubmissionHold holdSubmissions(String clusterId) {
    SubmissionHold hold = new SubmissionHold(false);
    of(clusterId).submissionHold = hold;
    return hold;
  }

  /**
   * Holds back a cluster's job submissions before Ray takes them: on release Ray takes each, and
   * its answer is lost (the connection closes without one).
   */
  public SubmissionHold holdSubmissionsAndLoseTheAnswer(String clusterId) {
    SubmissionHold hold = new SubmissionHold(true);
    of(clusterId).submissionHold = hold;
    return hold;
  }

  /** A job's status as the cluster's simulated Ray reports it; empty when Ray does not know it. */
  public Optional<String> jobStatus(String clusterId, String submissionId) {
    return of(clusterId).submitted.statusOf(submissionId);
  }

  /** Every endpoint of the cluster answers with this HTTP status (0 = normal again). */
  public void fail(String clusterId, int status) {
    of(clusterId).failureStatus = status;
  }

  /**
   * Downloads of job logs from the cluster answer with this HTTP status (0 = normal again); every
   * other endpoint answers normally (a log too large to be sent within the caller's timeout).
   */
  public void failLogDownloads(String clusterId, int status) {
    of(clusterId).logDownloadFailureStatus = status;
  }

  /** How many log downloads of the cluster were failed by {@link #failLogDownloads}. */
  public int failedLogDownloads(String clusterId) {
    return failedLogDownloads.getOrDefault(clusterId, 0);
  }

  /** Every answer of the cluster waits this long first (to trip the caller's timeout). */
  public void delay(String clusterId, Duration delay) {
    of(clusterId).delay = delay;
  }

  public void reset(String clusterId) {
    clusters.remove(clusterId);
  }

  /** How many requests reached this cluster's endpoints so far. */
  public int requestCount(String clusterId) {
    return requests.getOrDefault(clusterId, 0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String[] parts = path.split("/", 3);
      if (parts.length < 3) {
        respond(exchange, 404, "{}");
        return;
      }
      String clusterId = parts[1];
      String rest = "/" + parts[2];
      requests.merge(clusterId, 1, Integer::sum);
      Activity activity = of(clusterId);
      if (!activity.delay.isZero()) {
        try {
          Thread.sleep(activity.delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (activity.failureStatus != 0) {
        respond(exchange, activity.failureStatus, "{\"error\":\"simulated failure\"}");
        return;
      }
      if (exchange.getRequestHeaders().containsKey("Upgrade")
          && (exchange.getRequestMethod().equals("POST")
              || exchange.getRequestMethod().equals("PUT"))) {
        // As the dashboards of Ray images on aiohttp 3.8 to 3.10.1: a request asking to upgrade
        // (the JDK's HTTP/2 default over plain HTTP) is taken as upgraded and its body never
        // read; those hang until the caller's timeout, this one says so at once.
        respondText(
            exchange,
            400,
            "simulated dashboard: the body of a request that asks to upgrade is lost");
        return;
      }
      if (rest.startsWith("/api/jobs/") || rest.startsWith("/api/packages/")) {
        jobsApi(exchange, activity, rest);
        return;
      }
      switch (rest) {
        case "/nodes" -> respond(exchange, 200, nodes(activity));
        case "/api/jobs" -> jobsApi(exchange, activity, "/api/jobs/");
        case "/jupyter/api/kernels" -> respond(exchange, 200, kernels(activity));
        case "/jupyter/api/terminals" -> respond(exchange, 200, terminals(activity));
        case "/jupyter/api/status" ->
            respond(exchange, 200, "{\"started\":\"" + Instant.now() + "\"}");
        default -> respond(exchange, 404, "{}");
      }
    }
  }

  private static String nodes(Activity a) {
    List<String> nodes = new ArrayList<>();
    nodes.add(node("head", true, a.headCpu));
    for (int i = 0; i < a.workerCpu.size(); i++) {
      nodes.add(node("worker-" + i, false, a.workerCpu.get(i)));
    }
    return "{\"result\":true,\"msg\":\"Node summary fetched.\",\"data\":{\"summary\":["
        + String.join(",", nodes)
        + "]}}";
  }

  private static String node(String host, boolean head, double cpu) {
    long total = 8 * GIB;
    long used = GIB;
    return "{\"hostname\":\""
        + host
        + "\",\"cpu\":"
        + cpu
        + ",\"mem\":["
        + total
        + ","
        + (total - used)
        + ","
        + (100.0 * used / total)
        + ","
        + used
        + "]"
        + ",\"raylet\":{\"state\":\"ALIVE\",\"isHeadNode\":"
        + head
        + "}}";
  }

  /**
   * The simulated Jobs REST API: {@code /api/jobs/} (POST submit, GET list), {@code /api/jobs/{id}}
   * (GET, DELETE), {@code /api/jobs/{id}/stop} (POST), {@code /api/jobs/{id}/logs} (GET) and the
   * package store {@code /api/packages/gcs/{name}} (GET exists, PUT upload). Jobs set with {@link
   * #setJobs} are listed too.
   */
  private void jobsApi(HttpExchange exchange, Activity activity, String rest) throws IOException {
    String method = exchange.getRequestMethod();
    SimulatedRayJobs jobs = activity.submitted;
    if (rest.startsWith("/api/packages/")) {
      String[] p = rest.substring("/api/packages/".length()).split("/", 2);
      if (p.length != 2 || !p[0].equals("gcs")) {
        respondText(exchange, 400, "unsupported package URI");
      } else if (method.equals("PUT")) {
        // Read as it comes and only its digest kept: a large upload is not held in this JVM.
        MessageDigest sha256;
        try {
          sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
        try (var in = new DigestInputStream(exchange.getRequestBody(), sha256)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        jobs.putPackage(p[1], HexFormat.of().formatHex(sha256.digest()));
        respondText(exchange, 200, "");
      } else {
        respondText(exchange, jobs.hasPackage(p[1]) ? 200 : 404, "");
      }
      return;
    }
    String[] parts = rest.substring("/api/jobs/".length()).split("/");
    String id = parts.length > 0 && !parts[0].isEmpty() ? URLDecoder.decode(parts[0], UTF_8) : null;
    SimulatedRayJobs.Answer answer;
    if (id == null && method.equals("POST")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> body =
          json.unmarshal(new String(exchange.getRequestBody().readAllBytes(), UTF_8), Map.class);
      SubmissionHold hold = activity.submissionHold;
      if (hold != null && hold.answerLost) {
        try {
          hold.hold();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        jobs.submit(body);
        exchange.close(); // no answer at all
        return;
      }
      answer = jobs.submit(body);
      if (hold != null) {
        try {
          hold.hold();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } else if (id == null) {
      jobListings.merge(activity.clusterId, 1, Integer::sum);
      List<Map<String, Object>> all =
          new ArrayList<>(SimulatedRayJobs.legacy(activity.jobStatuses));
      all.addAll(jobs.list());
      answer = new SimulatedRayJobs.Answer(200, all);
    } else if (parts.length == 1 && method.equals("GET")) {
      answer = jobs.get(id);
    } else if (parts.length == 1 && method.equals("DELETE")) {
      answer = jobs.delete(id);
    } else if (parts.length == 2 && parts[1].equals("stop") && method.equals("POST")) {
      answer = jobs.stop(id);
    } else if (parts.length == 2
        && parts[1].equals("logs")
        && method.equals("GET")
        && activity.logDownloadFailureStatus != 0) {
      failedLogDownloads.merge(activity.clusterId, 1, Integer::sum);
      answer = new SimulatedRayJobs.Answer(activity.logDownloadFailureStatus, "simulated failure");
    } else if (parts.length == 2 && parts[1].equals("logs") && method.equals("GET")) {
      logDownloads.merge(activity.clusterId, 1, Integer::sum);
      answer = jobs.logs(id);
    } else {
      answer = new SimulatedRayJobs.Answer(404, "not found");
    }
    if (answer.body() instanceof String text) {
      respondText(exchange, answer.status(), text);
    } else {
      respond(exchange, answer.status(), json.asJson(answer.body()));
    }
  }

  /**
   * Ray's {@code /api/jobs/{id}/logs/tail}: refused as Ray refuses it (404 for a job it does not
   * know), else the whole log so far, then each new piece, then a close once the job has ended.
   */
  private void tailLogs(String path, WebSocketFront.Session session)
      throws IOException, InterruptedException {
    String[] parts = path.split("/");
    if (parts.length != 7
        || !parts[2].equals("api")
        || !parts[3].equals("jobs")
        || !parts[5].equals("logs")
        || !parts[6].equals("tail")) {
      session.refuse(404, "not found");
      return;
    }
    String clusterId = parts[1];
    String id = URLDecoder.decode(parts[4], UTF_8);
    requests.merge(clusterId, 1, Integer::sum);
    Activity activity = of(clusterId);
    if (activity.failureStatus != 0) {
      session.refuse(activity.failureStatus, "simulated failure");
      return;
    }
    LogStreaming streaming = activity.logStreaming;
    if (streaming == LogStreaming.REFUSED) {
      session.refuse(400, "simulated dashboard: no WebSocket UPGRADE hdr");
      return;
    }
    if (activity.submitted.logSnapshot(id).isEmpty()) {
      session.refuse(404, "Job " + id + " does not exist");
      return;
    }
    session.accept();
    logStreams.merge(clusterId, 1, Integer::sum);
    int sent = 0;
    while (session.open()) {
      Optional<SimulatedRayJobs.LogSnapshot> now = activity.submitted.logSnapshot(id);
      if (now.isEmpty()) {
        return; // deleted meanwhile
      }
      String text = now.get().text();
      if (text.length() > sent) {
        session.sendText(text.substring(sent));
        sent = text.length();
        if (streaming == LogStreaming.BREAKS_OFF) {
          session.hangUp();
          return;
        }
      }
      if (now.get().ended() && streaming != LogStreaming.STALLS) {
        return; // the front closes with 1000 (normal)
      }
      Thread.sleep(50);
    }
  }

  private static void respondText(HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String kernels(Activity a) {
    List<String> kernels = new ArrayList<>();
    for (int i = 0; i < a.kernels.size(); i++) {
      KernelState k = a.kernels.get(i);
      kernels.add(
          "{\"id\":\"k"
              + i
              + "\",\"name\":\"python3\",\"execution_state\":\""
              + k.executionState()
              + "\",\"last_activity\":\""
              + k.lastActivity()
              + "\",\"connections\":1}");
    }
    return "[" + String.join(",", kernels) + "]";
  }

  private static String terminals(Activity a) {
    List<String> terminals = new ArrayList<>();
    for (int i = 0; i < a.terminals.size(); i++) {
      terminals.add(
          "{\"name\":\"" + (i + 1) + "\",\"last_activity\":\"" + a.terminals.get(i) + "\"}");
    }
    return "[" + String.join(",", terminals) + "]";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    try {
      front.close();
    } catch (IOException e) {
      log.debug("[simulated Ray dashboard] closing: {}", e.toString());
    }
    server.stop(0);
  }
}
