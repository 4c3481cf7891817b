package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.ServiceApi;
import com.darwin.compute.bench.harness.ServiceProcess;
import com.darwin.compute.bench.harness.ServiceUnderTest.StartupTimes;
import com.darwin.compute.bench.harness.load.Comparison;
import com.darwin.compute.bench.harness.load.LatencyStats;
import com.darwin.compute.bench.harness.load.LoadGenerator;
import com.darwin.compute.bench.harness.load.Operation;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * B6: how long the service takes to become healthy, and how much memory its process holds after B1.
 * Absolute figures only: there is no floor to divide by. Run right after B1.
 */
public final class StartupAndMemoryBenchmark implements Benchmark {

  @Override
  public String id() {
    return "B6";
  }

  @Override
  public String title() {
    return "start-up to healthy, resident memory after B1";
  }

  @Override
  public String against() {
    return "No floor: absolute figures of this machine, the service alone held to issue 21's"
        + " limits (healthy within 5 s, 400 MB resident after B1's reads): its own JVM with the"
        + " Dockerfile's flags under the Helm chart's memory limit, the sandbox in the harness's"
        + " process as production's dependencies are elsewhere. In-process figures: start-up is timed from"
        + " `SpringApplication.run` to the first `GET /health` 200, the sandbox (MariaDB,"
        + " Elasticsearch, mock Kubernetes API, simulated operator) already running: it is timed"
        + " separately, below. Resident memory is this JVM's VmRSS (/proc/self/status) right after"
        + " B1: the service, plus what shares its process here (the mock Kubernetes API server, the"
        + " simulated KubeRay operator, the load generator). MariaDB and Elasticsearch run in their"
        + " own processes and are listed below, not included. The service alone's read"
        + " throughput, after the same warm-up as B1, has no floor either: it is what production's"
        + " flags (C1 only) give, where B1 times the service in the harness's JVM (C2).";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    StartupTimes startup = context.service().startup();
    long pid = ProcessHandle.current().pid();
    long rss = residentKilobytes(pid).orElseThrow(() -> new IOException("no VmRSS for " + pid));
    Runtime runtime = Runtime.getRuntime();

    List<ResultRow> rows = new ArrayList<>();
    rows.add(
        ResultRow.absolute(
            id(),
            "Start-up: SpringApplication.run to first GET /health 200 (sandbox already up)",
            "time",
            Quantity.seconds(startup.serviceMillis() / 1000.0),
            "no floor"));
    rows.add(
        ResultRow.absolute(
            id(),
            "Resident memory of the service's JVM after B1 (incl. in-process mock K8s API,"
                + " simulated operator, load generator)",
            "RSS",
            Quantity.megabytes(rss / 1024.0),
            "no floor"));

    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "Sandbox start (MariaDB and Elasticsearch in parallel, mock API, simulator): %.1f s;"
                + " JVM start to healthy, sandbox included: %.1f s.",
            startup.sandboxMillis() / 1000.0,
            startup.jvmMillis() / 1000.0));
    details.add(
        String.format(
            Locale.ROOT,
            "Java heap after B1: %,d MB used of %,d MB committed (max %,d MB).",
            (runtime.totalMemory() - runtime.freeMemory()) >> 20,
            runtime.totalMemory() >> 20,
            runtime.maxMemory() >> 20));
    long mariaDb = sum(ProcessHandle.current().descendants(), "mariadbd");
    long elasticsearch =
        context.sandbox().elasticsearch().processes().stream()
            .mapToLong(p -> residentKilobytes(p.pid()).orElse(0))
            .sum();
    details.add(
        String.format(
            Locale.ROOT,
            "Other processes of the sandbox (not the service): MariaDB %,d MB, Elasticsearch %,d MB"
                + " (its launcher and server JVMs).",
            mariaDb / 1024,
            elasticsearch / 1024));
    serviceAlone(context, rows, details);
    return new BenchmarkResult(rows, List.of(), details);
  }

  /** The limits issue 21 sets for the service alone. */
  static final double ALONE_HEALTHY_SECONDS = 5.0;

  static final double ALONE_RSS_MEGABYTES = 400.0;

  /**
   * The service alone in its own JVM with production's flags (the sandbox stays in this process):
   * time to healthy, then B1's reads against it, then its resident memory.
   */
  private void serviceAlone(BenchContext context, List<ResultRow> rows, List<String> details)
      throws Exception {
    List<String> ids = context.rows().insertStopped("bench-alone", 200);
    try (ServiceProcess alone = ServiceProcess.start(context.sandbox())) {
      ServiceApi api = alone.api();
      int operations = 0;
      List<ResultRow> throughput = new ArrayList<>();
      for (Comparison.Load load :
          List.of(context.settings().b1Serial(), context.settings().b1Concurrent())) {
        for (String suffix : List.of("", "/metadata")) {
          Operation read =
              i -> api.get("/cluster/" + ids.get(Math.floorMod(i * 31, ids.size())) + suffix);
          int warmup = load.warmupOperations();
          int measured = load.operationsPerRound() * load.rounds();
          LoadGenerator.run(load.threads(), warmup, 0, read);
          LatencyStats stats = LoadGenerator.run(load.threads(), measured, warmup, read);
          operations += warmup + measured;
          // What a side-by-side against another service sees: the JIT and GC production runs
          // with (C1 only, for start-up and memory), not the harness JVM's.
          throughput.add(
              ResultRow.absolute(
                  id(),
                  String.format(
                      Locale.ROOT,
                      "Service alone, production flags: GET /cluster/{id}%s, concurrency %d"
                          + " (after %,d unmeasured)",
                      suffix,
                      load.threads(),
                      warmup),
                  "throughput",
                  Quantity.perSecond(stats.throughputPerSecond()),
                  "no floor"));
        }
      }
      long rss =
          residentKilobytes(alone.pid())
              .orElseThrow(() -> new IOException("no VmRSS for " + alone.pid()));
      rows.add(
          ResultRow.limited(
              id(),
              "Service alone (own JVM, production flags, sandbox in another process): JVM start"
                  + " to first GET /health 200",
              "time",
              Quantity.seconds(alone.healthyMillis() / 1000.0),
              Quantity.seconds(ALONE_HEALTHY_SECONDS)));
      rows.add(
          ResultRow.limited(
              id(),
              "Service alone: resident memory after B1's reads",
              "RSS",
              Quantity.megabytes(rss / 1024.0),
              Quantity.megabytes(ALONE_RSS_MEGABYTES)));
      rows.addAll(throughput);
      details.add(
          String.format(
              Locale.ROOT,
              "Service alone: `java %s -XX:SharedArchiveFile=<archive> -cp <the harness's class"
                  + " path> ComputeApplication` pointed at this run's MariaDB, Elasticsearch and"
                  + " mock Kubernetes API (header security, its own reconciler instance); the"
                  + " flags are the Dockerfile's JAVA_OPTS under the Helm chart's memory limit,"
                  + " given as -XX:MaxRAM, and the class data sharing archive is made as the"
                  + " Dockerfile makes it (a training run of the cds-training profile, %.1f s,"
                  + " before the JVM measured is started); healthy (GET /health, liveness) %.1f s"
                  + " (%.1f s of CPU, user + system: less moved by the machine's load than the wall"
                  + " time) and ready (GET /readyz: MySQL reachable, context fully started, the"
                  + " search index found filled) %.1f s after"
                  + " the JVM was started; %,d reads of B1's shapes (concurrency 1 and 32, full"
                  + " view and metadata) over 200 stopped clusters, then VmRSS %,d MB.",
              String.join(" ", ServiceProcess.JVM_FLAGS),
              alone.trainingMillis() / 1000.0,
              alone.healthyMillis() / 1000.0,
              alone.healthyCpuMillis() / 1000.0,
              alone.readyMillis() / 1000.0,
              operations,
              rss / 1024));
    }
  }

  private static long sum(java.util.stream.Stream<ProcessHandle> processes, String command) {
    return processes
        .filter(p -> p.info().command().map(c -> c.endsWith(command)).orElse(false))
        .mapToLong(p -> residentKilobytes(p.pid()).orElse(0))
        .sum();
  }

  /** VmRSS of a process, in kB, from /proc/PID/status. */
  static OptionalLong residentKilobytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not ours to read
    }
    return OptionalLong.empty();
  }
}
