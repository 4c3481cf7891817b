package com.darwin.compute.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch server (the integ-test distribution unpacked by this module's pom) run as a
 * child process, or an external one when {@code sandbox.elasticsearch.url} / {@code SANDBOX_ES_URL}
 * is set.
 *
 * <p>{@link #stop()} followed by {@link #start()} brings the server back on the same port with the
 * same data directory, so tests can simulate an outage and check that nothing was lost.
 *
 * <p>The child never outlives the JVM: it is started through {@code setpriv --pdeathsig TERM} from
 * a {@link LongLivedLauncher thread that lives as long as the JVM}, and a shutdown hook stops it.
 */
public final class ElasticsearchServer {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchServer.class);

  public static final String DEFAULT_HEAP = "256m";
  public static final String ES_HOME_PROPERTY = "es.home";

  // Usually 7-20 s; on a 2-core machine shared by several builds (load average near 30) a start
  // was seen to need more than 2 minutes, so the limit only catches a server that never comes up.
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 40;

  private final Path distribution;
  private final String heap;
  private final String externalUrl;
  private final String jvmOptions;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  // Fixed at the first start and reused by every restart.
  private volatile Path runDirectory;
  private Path home;
  private Path config;
  private Path data;
  private Path logs;
  private Path tmp;
  private Path consoleLog;
  private int httpPort;
  private int transportPort;

  /**
   * This server's own cluster name. Two sandboxes starting at once may pick the same free port; the
   * one whose server cannot bind it would otherwise take the other's health answer for its own, and
   * both would share one server without knowing.
   */
  private final String clusterName =
      "darwin-sandbox-"
          + ProcessHandle.current().pid()
          + "-"
          + Long.toString(System.nanoTime(), 36);

  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger restarts = new AtomicInteger();

  private volatile Process process;

  private ElasticsearchServer(
      Path distribution, String heap, String externalUrl, String jvmOptions) {
    this.distribution = distribution;
    this.heap = heap;
    this.externalUrl = externalUrl;
    this.jvmOptions = jvmOptions;
  }

  /**
   * The same server, not started, with more options for its JVM after the heap (see {@link
   * SandboxSettings#elasticsearchJvmOptions()}).
   */
  public ElasticsearchServer withJvmOptions(String options) {
    if (process != null || runDirectory != null) {
      throw new IllegalStateException("JVM options are set before the first start");
    }
    return new ElasticsearchServer(
        distribution, heap, externalUrl, options == null ? "" : options.trim());
  }

  /** A server run from {@code distribution} (an unpacked Elasticsearch directory); not started. */
  public static ElasticsearchServer managed(Path distribution, String heap) {
    if (!Files.isRegularFile(distribution.resolve("bin/elasticsearch"))) {
      throw new IllegalStateException(
          "No Elasticsearch distribution at "
              + distribution
              + " (expected bin/elasticsearch). Build compute-sandbox once"
              + " (./mvnw -pl compute-sandbox generate-resources) or set -D"
              + ES_HOME_PROPERTY);
    }
    return new ElasticsearchServer(
        distribution.toAbsolutePath(),
        heap == null || heap.isBlank() ? DEFAULT_HEAP : heap,
        null,
        "");
  }

  /** A server run from the {@linkplain #locateDistribution() located distribution}; not started. */
  public static ElasticsearchServer managed(String heap) {
    return managed(locateDistribution(), heap);
  }

  /** An already running server; {@link #start()} does nothing, {@link #stop()} refuses. */
  public static ElasticsearchServer external(String url) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return new ElasticsearchServer(null, null, trimmed, "");
  }

  /**
   * The unpacked distribution: system property {@code es.home}, else the path the build wrote into
   * {@code compute-sandbox.properties}.
   */
  public static Path locateDistribution() {
    String fromProperty = System.getProperty(ES_HOME_PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return Path.of(fromProperty);
    }
    Properties built = new Properties();
    try (InputStream in =
        ElasticsearchServer.class.getResourceAsStream("/compute-sandbox.properties")) {
      if (in != null) {
        built.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String fromBuild = built.getProperty(ES_HOME_PROPERTY);
    if (fromBuild == null || fromBuild.contains("@")) {
      throw new IllegalStateException(
          "compute-sandbox.properties has no filtered es.home; set -D" + ES_HOME_PROPERTY);
    }
    return Path.of(fromBuild);
  }

  /** The run's temporary directory (the server's and its launcher's); null before a start. */
  Path temporaryDirectory() {
    return tmp;
  }

  public boolean isManaged() {
    return externalUrl == null;
  }

  /**
   * Starts the server (or starts it again after {@link #stop()}) and waits until the cluster is at
   * least yellow. Does nothing if it is already running or external.
   */
  public synchronized void start() {
    if (!isManaged() || isRunning()) {
      return;
    }
    if (closed.get()) {
      throw new IllegalStateException("Elasticsearch was closed for good; create a new server");
    }
    long begin = System.nanoTime();
    boolean first = runDirectory == null;
    if (first) {
      prepareFirstStart();
    }
    try {
      launch();
    } catch (ExitedDuringStartup e) {
      if (!first) {
        throw e;
      }
      // Seen once in a build: the server exited during its first start. The likeliest cause is a
      // port that another process took between LocalPorts choosing it and the server binding it;
      // nobody knows this server's address yet, so it may try again once on others.
      log.warn("{}; trying once more on other ports", e.getMessage());
      httpPort = LocalPorts.freeStablePort();
      transportPort = LocalPorts.freeStablePort(httpPort);
      launch();
    }
    log.info(
        "Elasticsearch started at {} in {} ms (pid {}, data {})",
        url(),
        (System.nanoTime() - begin) / 1_000_000,
        process.pid(),
        data);
    supervise(process);
  }

  /** The server exited before it was healthy (its console's last lines in the message). */
  private static final class ExitedDuringStartup extends IllegalStateException {
    ExitedDuringStartup(String message) {
      super(message);
    }
  }

  private void launch() {
    ProcessBuilder builder = new ProcessBuilder(command());
    builder.directory(runDirectory.toFile()); // the JVM writes gc.log relative to its cwd
    builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
    builder
        .environment()
        .put("ES_JAVA_OPTS", ("-Xms" + heap + " -Xmx" + heap + " " + jvmOptions).trim());
    builder.environment().put("ES_PATH_CONF", config.toString());
    builder.environment().put("ES_TMPDIR", tmp.toString());
    // ES_TMPDIR is the server's. The launcher JVM uses its own java.io.tmpdir, where it leaves a
    // final-flags* directory at every start (the gc.log of the JVM it runs to print the final
    // flags): in /tmp, one per start and never removed. In the run directory, close() removes it.
    String launcherOptions = System.getenv().getOrDefault("CLI_JAVA_OPTS", "");
    builder
        .environment()
        .put("CLI_JAVA_OPTS", (launcherOptions + " -Djava.io.tmpdir=" + tmp).trim());
    builder.redirectErrorStream(true);
    // To a file, not a pipe: an unread pipe fills up and blocks Elasticsearch.
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()));
    try {
      process = LongLivedLauncher.start(builder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot launch Elasticsearch", e);
    }
    awaitHealthy(process);
  }

  /**
   * Restarts the server when it dies on its own (killed, crashed), on the same port and data, as a
   * process supervisor would in production; a {@link #stop()} or {@link #close()} is not a death.
   */
  private void supervise(Process started) {
    Thread supervisor =
        new Thread(
            () -> {
              try {
                started.waitFor();
              } catch (InterruptedException e) {
                return;
              }
              restartIfDied(started);
            },
            "sandbox-elasticsearch-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
  }

  private void restartIfDied(Process died) {
    for (int attempt = 1; attempt <= 5; attempt++) {
      synchronized (this) {
        if (closed.get() || process != died) {
          return; // stopped on purpose, or already restarted
        }
        log.warn(
            "Elasticsearch (pid {}) died with exit code {}; restarting it (attempt {})",
            died.pid(),
            died.exitValue(),
            attempt);
        process = null;
        try {
          start();
          restarts.incrementAndGet();
          log.warn("Elasticsearch restarted after it died (restart #{})", restarts.get());
          return;
        } catch (RuntimeException e) {
          log.error("Elasticsearch restart attempt {} failed", attempt, e);
          process = died; // keep it marked as died, so the next attempt goes on
        }
      }
      try {
        Thread.sleep(1000L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** How many times the server was restarted after it died on its own. */
  public int restarts() {
    return restarts.get();
  }

  private void prepareFirstStart() {
    try {
      runDirectory = RunDirectories.create("darwin-es-");
      boolean root = UnixUser.isRoot();
      if (root) {
        // Elasticsearch refuses to run as root, so it runs as nobody. The project may live under
        // a directory nobody cannot enter (e.g. /root), hence a private copy of the distribution.
        home = runDirectory.resolve("home");
        DirectoryTrees.copy(distribution, home);
      } else {
        home = distribution;
      }
      // Always a private config dir: Elasticsearch writes its keystore there, and the
      // distribution in target/ stays untouched.
      config = runDirectory.resolve("config");
      DirectoryTrees.copy(distribution.resolve("config"), config);
      data = Files.createDirectories(runDirectory.resolve("data"));
      logs = Files.createDirectories(runDirectory.resolve("logs"));
      tmp = Files.createDirectories(runDirectory.resolve("tmp"));
      consoleLog = runDirectory.resolve("console.log");
      Files.createFile(consoleLog);
      if (root) {
        DirectoryTrees.changeOwner(runDirectory, UnixUser.NOBODY, UnixUser.NOBODY);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Elasticsearch directories", e);
    }
    // Below the ephemeral range: a restart binds them again (see LocalPorts.freeStablePort).
    httpPort = LocalPorts.freeStablePort();
    transportPort = LocalPorts.freeStablePort(httpPort);
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sandbox-elasticsearch-stop"));
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    boolean root = UnixUser.isRoot();
    if (setprivAvailable()) {
      command.addAll(List.of("setpriv", "--pdeathsig", "TERM"));
      if (root) {
        command.addAll(
            List.of("--reuid=" + UnixUser.NOBODY, "--regid=" + UnixUser.NOBODY, "--clear-groups"));
      }
      command.add("--");
    } else if (root) {
      throw new IllegalStateException(
          "Running as root but setpriv (util-linux) is missing; Elasticsearch cannot run as root");
    } else {
      log.warn("setpriv not found: Elasticsearch may outlive this JVM if it is killed");
    }
    command.add("bash");
    command.add(home.resolve("bin/elasticsearch").toString());
    setting(command, "cluster.name", clusterName);
    setting(command, "discovery.type", "single-node");
    setting(command, "xpack.security.enabled", "false");
    setting(command, "network.host", "127.0.0.1");
    setting(command, "http.port", String.valueOf(httpPort));
    setting(command, "transport.port", String.valueOf(transportPort));
    setting(command, "path.data", data.toString());
    setting(command, "path.logs", logs.toString());
    // Build machines often have a nearly full disk; the watermarks would make indices read-only.
    setting(command, "cluster.routing.allocation.disk.threshold_enabled", "false");
    setting(command, "action.destructive_requires_name", "false");
    return command;
  }

  private static void setting(List<String> command, String name, String value) {
    command.add("-E");
    command.add(name + "=" + value);
  }

  private static boolean setprivAvailable() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin", "/bin"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "setpriv")));
  }

  private void awaitHealthy(Process started) {
    HttpRequest health =
        HttpRequest.newBuilder(
                URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (true) {
      if (!started.isAlive()) {
        process = null;
        throw new ExitedDuringStartup(
            "Elasticsearch exited with code "
                + started.exitValue()
                + " during start-up. Last lines of "
                + consoleLog
                + ":\n"
                + logTail());
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && isOwnCluster(response.body(), clusterName)) {
          return;
        }
        // Another server on this port (another sandbox got the same port first): this one cannot
        // bind it and exits, and a first start then tries other ports.
      } catch (IOException notYetListening) {
        // Keep polling.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
      }
      if (System.nanoTime() > deadline) {
        String tail = logTail();
        stop();
        throw new IllegalStateException(
            "Elasticsearch not healthy after " + STARTUP_TIMEOUT + ". Last lines:\n" + tail);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
      }
    }
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL for whatever is left after 30 s) and waits until all
   * its processes are gone. Ports and data stay for the next {@link #start()}.
   */
  public synchronized void stop() {
    if (!isManaged()) {
      throw new UnsupportedOperationException(
          "Elasticsearch at " + externalUrl + " is external; the sandbox cannot stop it");
    }
    Process running = process;
    process = null;
    if (running == null) {
      return;
    }
    long begin = System.nanoTime();
    terminate(running);
    log.info("Elasticsearch stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
  }

  private static void terminate(Process running) {
    // Take the process tree now: once the launcher is gone, its children are re-parented and can
    // no longer be found through it.
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(running.toHandle());
    running.descendants().forEach(tree::add);
    running.destroy();
    try {
      if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Elasticsearch did not stop within {}; killing it", STOP_TIMEOUT);
      }
      for (ProcessHandle handle : tree) {
        if (handle.isAlive()) {
          handle.destroyForcibly();
        }
      }
      for (ProcessHandle handle : tree) {
        handle.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tree.forEach(ProcessHandle::destroyForcibly);
    } catch (Exception e) {
      log.warn("Elasticsearch processes still alive after SIGKILL: {}", e.toString());
    }
  }

  /**
   * Stops the server for good and deletes its directories. Idempotent. Deliberately not
   * synchronized: it runs from shutdown hooks while {@link #start()} may hold the lock for up to
   * two minutes; killing the process makes such a start fail fast.
   */
  public void close() {
    if (!isManaged() || !closed.compareAndSet(false, true)) {
      return;
    }
    Process running = process;
    process = null;
    if (running != null) {
      terminate(running);
    }
    DirectoryTrees.deleteQuietly(runDirectory);
  }

  /** {@code http://127.0.0.1:PORT} (no trailing slash). */
  public String url() {
    if (!isManaged()) {
      return externalUrl;
    }
    if (httpPort == 0) {
      throw new IllegalStateException("Elasticsearch has not been started yet");
    }
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public int transportPort() {
    return transportPort;
  }

  /** The {@code cluster.name} this server is started with. */
  public String clusterName() {
    return clusterName;
  }

  /** Whether a cluster health answer comes from the cluster named {@code clusterName}. */
  static boolean isOwnCluster(String healthBody, String clusterName) {
    return healthBody != null
        && healthBody.replace(" ", "").contains("\"cluster_name\":\"" + clusterName + "\"");
  }

  public boolean isRunning() {
    Process running = process;
    return running != null && running.isAlive();
  }

  /** The launcher process and all its descendants (the CLI and server JVMs); empty if stopped. */
  public List<ProcessHandle> processes() {
    Process running = process;
    if (running == null) {
      return List.of();
    }
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(running.toHandle());
    running.descendants().forEach(tree::add);
    return tree;
  }

  /** The file that receives the server's stdout and stderr. */
  public Optional<Path> consoleLog() {
    return Optional.ofNullable(consoleLog);
  }

  public Optional<Path> dataDirectory() {
    return Optional.ofNullable(data);
  }

  private String logTail() {
    try {
      // Decoded leniently: a start-up failure must not be hidden by a malformed byte.
      List<String> lines =
          new String(Files.readAllBytes(consoleLog), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(cannot read " + consoleLog + ": " + e + ")";
    }
  }

  @Override
  public String toString() {
    String where = !isManaged() ? externalUrl : httpPort == 0 ? "not started" : url();
    return "ElasticsearchServer[" + where + "]";
  }
}
