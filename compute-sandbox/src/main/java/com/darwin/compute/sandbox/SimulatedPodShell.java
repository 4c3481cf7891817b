package com.darwin.compute.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIMULATED programs in the sandbox's pods: what the kubelet's exec endpoint ({@code
 * pods/{name}/exec}) would run. Nothing is executed: every exec is recorded with its argv, and
 * answers as planned (by default, success after a short delay with a line of output). Plans match a
 * fragment of any argv element: a failing install with a log, a slow one, one that hangs, a pod
 * that never reports, a stream that drops before it does. A program run under GNU {@code timeout}
 * (the control plane's wrapper) that would outlast its limit is stopped at the limit with timeout's
 * exit status, 124. The control plane's stop of a task ({@code sh -c 'STOP SCRIPT' MARKER}) ends
 * the program that the wrapper with that marker runs, if it still runs, with TERM's exit status,
 * 143, and answers 0; 3 when there was none. A program that never reports, or whose stream dropped,
 * cannot be stopped here.
 */
public final class SimulatedPodShell {

  /** How an exec answers. */
  public record ExecPlan(
      Duration delay, int exitCode, String output, boolean neverReports, boolean dropsConnection) {

    public static ExecPlan succeeding() {
      return new ExecPlan(Duration.ofMillis(100), 0, null, false, false);
    }

    public static ExecPlan failing(int exitCode, String log) {
      return new ExecPlan(Duration.ofMillis(100), exitCode, log, false, false);
    }

    public static ExecPlan slow(Duration delay) {
      return new ExecPlan(delay, 0, null, false, false);
    }

    public static ExecPlan neverReporting() {
      return new ExecPlan(Duration.ZERO, 0, null, true, false);
    }

    /** A process that runs for an hour: it reports only when something stops it. */
    public static ExecPlan hanging() {
      return new ExecPlan(Duration.ofHours(1), 0, null, false, false);
    }

    /**
     * The stream closes after {@code after} with a line of output and no exit status, as when the
     * connection to the API server drops: the program itself may still be running in the pod.
     */
    public static ExecPlan droppingConnection(Duration after) {
      return new ExecPlan(after, 0, null, false, true);
    }
  }

  /** One exec as the simulated kubelet received it. */
  public record Execution(
      String namespace, String pod, String container, List<String> argv, Instant at) {

    public boolean mentions(String fragment) {
      return argv.stream().anyMatch(a -> a.contains(fragment));
    }

    /**
     * The program the pod runs: the argv after a {@code sh -c '... timeout -k ... "$t" "$@"' LIMIT
     * MARKER} wrapper, or the whole argv when there is none.
     */
    public List<String> program() {
      return wrapped() ? argv.subList(5, argv.size()) : argv;
    }

    /** The limit GNU {@code timeout} is given in a wrapper, in whole seconds. */
    public Optional<Duration> timeLimit() {
      return wrapped()
          ? Optional.of(Duration.ofSeconds(Long.parseLong(argv.get(3))))
          : Optional.empty();
    }

    /** The task marker a wrapper was given (what its processes carry, what a stop names). */
    public Optional<String> marker() {
      return wrapped() ? Optional.of(argv.get(4)) : Optional.empty();
    }

    /** The marker of the task this exec stops, when it is the control plane's stop. */
    public Optional<String> stops() {
      if (argv.size() == 4
          && argv.get(0).endsWith("sh")
          && argv.get(1).equals("-c")
          && argv.get(2).contains("kill -TERM")
          && argv.get(3).startsWith(MARKER_PREFIX)) {
        return Optional.of(argv.get(3));
      }
      return Optional.empty();
    }

    private boolean wrapped() {
      return argv.size() > 5
          && argv.get(0).endsWith("sh")
          && argv.get(1).equals("-c")
          && argv.get(2).contains("timeout -k")
          && argv.get(3).matches("\\d{1,9}")
          && argv.get(4).startsWith(MARKER_PREFIX);
    }
  }

  /** A wrapped program still running: ended once, by its plan or by a stop. */
  private static final class Running {
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Session session;
    private volatile ScheduledFuture<?> finish;

    Running(Session session) {
      this.session = session;
    }

    boolean end(int exitCode, String output) {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      ScheduledFuture<?> planned = finish;
      if (planned != null) {
        planned.cancel(false);
      }
      session.send(frame(exitCode == 0 ? 1 : 2, output));
      session.send(frame(3, status(exitCode)));
      session.close();
      return true;
    }
  }

  private static final String MARKER_PREFIX = "darwin-pod-task-";

  /** A way to write frames to the exec's WebSocket (channel byte first) and to close it. */
  interface Session {
    void send(byte[] frame);

    void close();
  }

  private final Map<String, ExecPlan> plans = new ConcurrentHashMap<>();
  private final List<Execution> executions = new CopyOnWriteArrayList<>();
  // Wrapped programs still running, by pod and marker.
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sandbox-pod-shell");
            t.setDaemon(true);
            return t;
          });

  /** Execs with an argv element containing {@code fragment} answer as {@code plan}. */
  public void plan(String fragment, ExecPlan plan) {
    plans.put(fragment, plan);
  }

  public void clearPlan(String fragment) {
    plans.remove(fragment);
  }

  /** Every exec so far, oldest first. */
  public List<Execution> executions() {
    return List.copyOf(executions);
  }

  /** The execs whose argv mentions {@code fragment}. */
  public List<Execution> executionsMentioning(String fragment) {
    return executions.stream().filter(e -> e.mentions(fragment)).toList();
  }

  /** The execs on pods whose name starts with {@code prefix} (a cluster's pods share one). */
  public List<Execution> executionsOnPods(String prefix) {
    return executions.stream().filter(e -> e.pod().startsWith(prefix)).toList();
  }

  void run(String namespace, String pod, String container, List<String> argv, Session session) {
    Execution execution =
        new Execution(namespace, pod, container, List.copyOf(argv), Instant.now());
    executions.add(execution);
    Optional<String> stopped = execution.stops();
    if (stopped.isPresent()) {
      Running target = running.remove(pod + "/" + stopped.get());
      boolean found = target != null && target.end(143, "simulated: stopped by TERM\n");
      // As the real script: 3 when no process carried the marker.
      int code = found ? 0 : 3;
      timer.schedule(
          () -> {
            session.send(frame(3, status(code)));
            session.close();
          },
          10,
          TimeUnit.MILLISECONDS);
      return;
    }
    ExecPlan plan =
        plans.entrySet().stream()
            .filter(p -> execution.mentions(p.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(ExecPlan.succeeding());
    if (plan.neverReports()) {
      return; // the socket stays open, nothing is ever sent
    }
    if (plan.dropsConnection()) {
      String started = "simulated: started " + summary(execution.program()) + "\n";
      timer.schedule(
          () -> {
            session.send(frame(1, started));
            session.close();
          },
          plan.delay().toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    String planned =
        plan.output() != null ? plan.output() : "simulated: " + summary(execution.program()) + "\n";
    Duration delay = plan.delay();
    int exitCode = plan.exitCode();
    String output = planned;
    Duration limit = execution.timeLimit().orElse(null);
    if (limit != null && delay.compareTo(limit) > 0) {
      // GNU timeout in the pod stops the program at its limit and exits 124.
      delay = limit;
      exitCode = 124;
      output = planned + "simulated: stopped by timeout after " + limit.toSeconds() + " s\n";
    }
    int code = exitCode;
    String text = output;
    Running run = new Running(session);
    String key = execution.marker().map(m -> pod + "/" + m).orElse(null);
    if (key != null) {
      running.put(key, run);
    }
    run.finish =
        timer.schedule(
            () -> {
              if (key != null) {
                running.remove(key, run);
              }
              run.end(code, text);
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private static String summary(List<String> argv) {
    // The fixed install scripts are long; their arguments say what was installed.
    List<String> shown = new ArrayList<>();
    for (String a : argv) {
      shown.add(a.contains("\n") ? "<script>" : a);
    }
    return String.join(" ", shown);
  }

  private static byte[] frame(int channel, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[body.length + 1];
    frame[0] = (byte) channel;
    System.arraycopy(body, 0, frame, 1, body.length);
    return frame;
  }

  /** The v4 exec protocol's closing Status on channel 3. */
  private static String status(int exitCode) {
    if (exitCode == 0) {
      return "{\"metadata\":{},\"status\":\"Success\"}";
    }
    return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with"
        + " non-zero exit code: exit status "
        + exitCode
        + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
        + "\"message\":\""
        + exitCode
        + "\"}]}}";
  }
}
