package com.darwin.compute.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SIMULATED programs in the sandbox's pods: what the kubelet's exec endpoint ({@code
 * pods/{name}/exec}) would run. Nothing is executed: every exec is recorded with its argv, and
 * answers as planned (by default, success after a short delay with a line of output). Plans match a
 * fragment of any argv element: a failing install with a log, a slow one, a pod that never reports.
 */
public final class SimulatedPodShell {

  /** How an exec answers. */
  public record ExecPlan(Duration delay, int exitCode, String output, boolean neverReports) {

    public static ExecPlan succeeding() {
      return new ExecPlan(Duration.ofMillis(100), 0, null, false);
    }

    public static ExecPlan failing(int exitCode, String log) {
      return new ExecPlan(Duration.ofMillis(100), exitCode, log, false);
    }

    public static ExecPlan slow(Duration delay) {
      return new ExecPlan(delay, 0, null, false);
    }

    public static ExecPlan neverReporting() {
      return new ExecPlan(Duration.ZERO, 0, null, true);
    }
  }

  /** One exec as the simulated kubelet received it. */
  public record Execution(
      String namespace, String pod, String container, List<String> argv, Instant at) {

    public boolean mentions(String fragment) {
      return argv.stream().anyMatch(a -> a.contains(fragment));
    }
  }

  /** A way to write frames to the exec's WebSocket (channel byte first) and to close it. */
  interface Session {
    void send(byte[] frame);

    void close();
  }

  private final Map<String, ExecPlan> plans = new ConcurrentHashMap<>();
  private final List<Execution> executions = new CopyOnWriteArrayList<>();
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
    ExecPlan plan =
        plans.entrySet().stream()
            .filter(p -> execution.mentions(p.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(ExecPlan.succeeding());
    if (plan.neverReports()) {
      return; // the socket stays open, nothing is ever sent
    }
    String output = plan.output() != null ? plan.output() : "simulated: " + summary(argv) + "\n";
    Consumer<Void> finish =
        ignored -> {
          session.send(frame(plan.exitCode() == 0 ? 1 : 2, output));
          session.send(frame(3, status(plan.exitCode())));
          session.close();
        };
    timer.schedule(() -> finish.accept(null), plan.delay().toMillis(), TimeUnit.MILLISECONDS);
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
