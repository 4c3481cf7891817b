package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.ServiceUnderTest.StartupTimes;
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
    return "No floor: absolute figures of this machine. Start-up is timed from"
        + " `SpringApplication.run` to the first `GET /health` 200, the sandbox (MariaDB,"
        + " Elasticsearch, mock Kubernetes API, simulated operator) already running: it is timed"
        + " separately, below. Resident memory is this JVM's VmRSS (/proc/self/status) right after"
        + " B1: the service, plus what shares its process here (the mock Kubernetes API server, the"
        + " simulated KubeRay operator, the load generator). MariaDB and Elasticsearch run in their"
        + " own processes and are listed below, not included.";
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
    return new BenchmarkResult(rows, List.of(), details);
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
