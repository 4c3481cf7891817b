package com.darwin.compute.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED Jupyter servers, one per running pod of a standalone Jupyter pod's Deployment (started
 * and stopped by the {@link SimulatedDeploymentController}), all behind one HTTP server and routed
 * by their {@code --ServerApp.base_url}. They answer what jupyter_server 2.x answers and the
 * control plane reads: {@code {base}/api} (the version, without authentication), {@code
 * /api/status}, {@code /api/kernels}, {@code /api/terminals}, {@code /api/contents} and {@code
 * /lab}. A server whose command sets no empty token ({@code --IdentityProvider.token=}) refuses the
 * authenticated ones (403; {@code /lab} redirects to the login page), as a real one would to a
 * caller without a token. Nothing runs: kernels and terminals are set by tests.
 *
 * <p>Activity as jupyter_server keeps it: every {@code /api/...} request counts as use (a browser
 * saving or listing files, polling kernels) unless it carries {@code no_track_activity}, except the
 * version and {@code /api/status}, whose {@code last_activity} is the latest of the server's start,
 * that use, and its kernels' and terminals' activity. The contents root's {@code last_modified} is
 * the directory's own, which saving a file deeper down does not change: the server's start here.
 */
public final class SimulatedJupyterServers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedJupyterServers.class);
  static final String VERSION = "2.14.2";

  /** One Jupyter server: the pod it runs in and what it reports. Mutable through the knobs. */
  private static final class Server {
    final String name;
    final String pod;
    final String basePath;
    final boolean tokenless;
    volatile List<FakeRayServices.KernelState> kernels = List.of();
    volatile List<Instant> terminals = List.of();
    final Instant started;
    volatile Instant apiActivity;
    volatile boolean answering = true;
    final AtomicInteger requests = new AtomicInteger();

    Server(String name, String pod, String basePath, boolean tokenless, Instant started) {
      this.name = name;
      this.pod = pod;
      this.basePath = basePath;
      this.tokenless = tokenless;
      this.started = started;
      this.apiActivity = started;
    }

    /** What {@code /api/status} reports: the latest sign of use, the start included. */
    Instant lastActivity() {
      Instant last = started.isAfter(apiActivity) ? started : apiActivity;
      for (FakeRayServices.KernelState kernel : kernels) {
        if (kernel.lastActivity().isAfter(last)) {
          last = kernel.lastActivity();
        }
      }
      for (Instant terminal : terminals) {
        if (terminal.isAfter(last)) {
          last = terminal;
        }
      }
      return last;
    }
  }

  private final HttpServer http;

  /** By Jupyter pod name (the Deployment's), the server of its current pod. */
  private final Map<String, Server> servers = new ConcurrentHashMap<>();

  /** Jupyter pods whose servers, this one and those of its later pods, want a token. */
  private final Set<String> wantingTokens = ConcurrentHashMap.newKeySet();

  private SimulatedJupyterServers(HttpServer http) {
    this.http = http;
  }

  public static SimulatedJupyterServers start() {
    try {
      HttpServer server = LoopbackHttpServers.create();
      SimulatedJupyterServers jupyter = new SimulatedJupyterServers(server);
      server.createContext("/", jupyter::handle);
      server.setExecutor(
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "simulated-jupyter");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      log.info("[simulated Jupyter servers] listening on {}", jupyter.baseUrl());
      return jupyter;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the simulated Jupyter servers", e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** The control plane's {@code compute.jupyter-pods.internal-url} for these servers. */
  public String internalUrlTemplate() {
    return baseUrl() + "/{cloud_env}/{name}-jupyter";
  }

  // ------------------------------------------------------------ the simulated kubelet's side

  /** A pod of Jupyter pod {@code name} started its server (replacing any earlier pod's). */
  void started(String name, String pod, String basePath, boolean tokenless) {
    servers.put(name, new Server(name, pod, basePath, tokenless, Instant.now()));
    log.info("[simulated Jupyter servers] {} serves {} (pod {})", name, basePath, pod);
  }

  /** The pod is gone: its server stops (unless a newer pod's runs already). */
  void stopped(String name, String pod) {
    servers.computeIfPresent(name, (n, server) -> server.pod.equals(pod) ? null : server);
  }

  /**
   * Stops the server of Jupyter pod {@code name} unless it runs in one of {@code pods}, the pods
   * the API still has: a pod deleted without passing through {@link #stopped} (a delete that timed
   * out after it was made, someone else's delete) takes its server with it.
   */
  void keepOnly(String name, Set<String> pods) {
    servers.computeIfPresent(name, (n, server) -> pods.contains(server.pod) ? server : null);
  }

  /** Whether the server of this pod answers (the kubelet's readiness probe). */
  boolean answers(String name, String pod) {
    Server server = servers.get(name);
    return server != null && server.pod.equals(pod) && server.answering;
  }

  // ------------------------------------------------------------ test knobs

  public boolean isServing(String name) {
    return servers.containsKey(name);
  }

  /** The k8s pod whose server currently serves the Jupyter pod, or null. */
  public String podOf(String name) {
    Server server = servers.get(name);
    return server == null ? null : server.pod;
  }

  public void setKernels(String name, List<FakeRayServices.KernelState> kernels) {
    server(name).kernels = List.copyOf(kernels);
  }

  public void setTerminals(String name, List<Instant> lastActivity) {
    server(name).terminals = List.copyOf(lastActivity);
  }

  /** The server hangs: every request answers 503 (its pod stays Running). */
  public void stopAnswering(String name) {
    server(name).answering = false;
    log.info("[simulated Jupyter servers] {} stopped answering", name);
  }

  /**
   * While {@code wanting}, the servers of the Jupyter pod (its current one and those of pods made
   * later) refuse every authenticated request, as a server started with a token does, while the
   * unauthenticated version (the kubelet's readiness probe) still answers: what the control plane
   * sees of a server it may not ask (an image that sets a token, a NetworkPolicy without it).
   */
  public void wantTokens(String name, boolean wanting) {
    if (wanting) {
      wantingTokens.add(name);
    } else {
      wantingTokens.remove(name);
    }
  }

  public int requestCount(String name) {
    Server server = servers.get(name);
    return server == null ? 0 : server.requests.get();
  }

  private Server server(String name) {
    Server server = servers.get(name);
    if (server == null) {
      throw new IllegalStateException("Jupyter pod " + name + " has no running server");
    }
    return server;
  }

  // ------------------------------------------------------------ HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Server server = null;
      for (Server candidate : servers.values()) {
        if (path.equals(candidate.basePath) || path.startsWith(candidate.basePath + "/")) {
          server = candidate;
          break;
        }
      }
      if (server == null) {
        respond(exchange, 502, "text/plain", "no Jupyter server at " + path);
        return;
      }
      server.requests.incrementAndGet();
      if (!server.answering) {
        respond(exchange, 503, "text/plain", "Service Unavailable");
        return;
      }
      String rest = path.substring(server.basePath.length());
      if (rest.equals("/api") || rest.equals("/api/")) {
        respond(exchange, 200, "application/json", "{\"version\": \"" + VERSION + "\"}");
        return;
      }
      if (!server.tokenless || wantingTokens.contains(server.name)) {
        if (rest.startsWith("/api/")) {
          respond(
              exchange, 403, "application/json", "{\"message\": \"Forbidden\", \"reason\": null}");
        } else {
          exchange.getResponseHeaders().set("Location", server.basePath + "/login?next=" + path);
          respond(exchange, 302, "text/plain", "");
        }
        return;
      }
      String query = exchange.getRequestURI().getRawQuery();
      boolean untracked = query != null && query.matches("(.*&)?no_track_activity(=[^&]*)?(&.*)?");
      if (rest.startsWith("/api/") && !rest.equals("/api/status") && !untracked) {
        server.apiActivity = Instant.now();
      }
      switch (rest) {
        case "/api/status" ->
            respond(
                exchange,
                200,
                "application/json",
                "{\"started\": \""
                    + server.started
                    + "\", \"kernels\": "
                    + server.kernels.size()
                    + ", \"connections\": 0, \"last_activity\": \""
                    + server.lastActivity()
                    + "\"}");
        case "/api/kernels" -> respond(exchange, 200, "application/json", kernels(server));
        case "/api/terminals" -> respond(exchange, 200, "application/json", terminals(server));
        case "/api/contents", "/api/contents/" ->
            respond(
                exchange,
                200,
                "application/json",
                "{\"name\": \"\", \"path\": \"\", \"type\": \"directory\", \"writable\": true,"
                    + " \"created\": \""
                    + server.started
                    + "\", \"last_modified\": \""
                    + server.started
                    + "\", \"content\": null, \"format\": null}");
        default -> {
          if (rest.equals("/lab")
              || rest.startsWith("/lab/")
              || rest.isEmpty()
              || rest.equals("/")) {
            respond(exchange, 200, "text/html", "<!doctype html><title>JupyterLab</title>");
          } else {
            respond(exchange, 404, "application/json", "{\"message\": \"Not Found\"}");
          }
        }
      }
    }
  }

  private static String kernels(Server server) {
    List<String> kernels = new ArrayList<>();
    for (int i = 0; i < server.kernels.size(); i++) {
      var k = server.kernels.get(i);
      kernels.add(
          "{\"id\": \"k"
              + i
              + "\", \"name\": \"python3\", \"execution_state\": \""
              + k.executionState()
              + "\", \"last_activity\": \""
              + k.lastActivity()
              + "\", \"connections\": 1}");
    }
    return "[" + String.join(",", kernels) + "]";
  }

  private static String terminals(Server server) {
    List<String> terminals = new ArrayList<>();
    for (int i = 0; i < server.terminals.size(); i++) {
      terminals.add(
          "{\"name\": \""
              + (i + 1)
              + "\", \"last_activity\": \""
              + server.terminals.get(i)
              + "\"}");
    }
    return "[" + String.join(",", terminals) + "]";
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
