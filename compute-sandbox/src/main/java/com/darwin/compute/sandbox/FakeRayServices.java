package com.darwin.compute.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED Ray dashboards and Jupyter servers, one HTTP server for every cluster, routed by the
 * first path segment: {@code /{clusterId}/nodes?view=summary}, {@code /{clusterId}/api/jobs/},
 * {@code /{clusterId}/jupyter/api/kernels}, {@code /{clusterId}/jupyter/api/terminals}. The answers
 * follow the shapes of the real endpoints (the fields the control plane reads). Tests set each
 * cluster's CPU usage, jobs, kernels and failures; an untouched cluster looks idle.
 */
public final class FakeRayServices implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FakeRayServices.class);
  private static final long GIB = 1024L * 1024 * 1024;

  /** What one cluster's dashboard and Jupyter report. Mutable through the knobs below. */
  private static final class Activity {
    volatile double headCpu;
    volatile List<Double> workerCpu = List.of();
    volatile List<String> jobStatuses = List.of();
    volatile List<KernelState> kernels = List.of();
    volatile List<Instant> terminals = List.of();
    volatile int failureStatus; // 0 = answer normally
    volatile Duration delay = Duration.ZERO;
  }

  /** One Jupyter kernel: {@code busy} or {@code idle}, and when it was last active. */
  public record KernelState(String executionState, Instant lastActivity) {}

  private final HttpServer server;
  private final Map<String, Activity> clusters = new ConcurrentHashMap<>();
  private final Map<String, Integer> requests = new ConcurrentHashMap<>();

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
      log.info("[simulated Ray dashboard/Jupyter] listening on {}", fake.baseUrl());
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Ray services", e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
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
    return clusters.computeIfAbsent(clusterId, id -> new Activity());
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

  public void setKernels(String clusterId, List<KernelState> kernels) {
    of(clusterId).kernels = List.copyOf(kernels);
  }

  public void setTerminals(String clusterId, List<Instant> lastActivity) {
    of(clusterId).terminals = List.copyOf(lastActivity);
  }

  /** Every endpoint of the cluster answers with this HTTP status (0 = normal again). */
  public void fail(String clusterId, int status) {
    of(clusterId).failureStatus = status;
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
      switch (rest) {
        case "/nodes" -> respond(exchange, 200, nodes(activity));
        case "/api/jobs/", "/api/jobs" -> respond(exchange, 200, jobs(activity));
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

  private static String jobs(Activity a) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < a.jobStatuses.size(); i++) {
      jobs.add(
          "{\"type\":\"SUBMISSION\",\"submission_id\":\"raysubmit_"
              + i
              + "\",\"status\":\""
              + a.jobStatuses.get(i)
              + "\"}");
    }
    return "[" + String.join(",", jobs) + "]";
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
    server.stop(0);
  }
}
