package com.darwin.compute.bench.harness;

import com.darwin.compute.bench.harness.benchmarks.Benchmark;
import com.darwin.compute.bench.harness.benchmarks.CreateBenchmark;
import com.darwin.compute.bench.harness.benchmarks.IdleClustersBenchmark;
import com.darwin.compute.bench.harness.benchmarks.ReadBenchmark;
import com.darwin.compute.bench.harness.benchmarks.RenderingBenchmark;
import com.darwin.compute.bench.harness.benchmarks.ScaleBenchmark;
import com.darwin.compute.bench.harness.benchmarks.SearchBenchmark;
import com.darwin.compute.bench.harness.benchmarks.StartupAndMemoryBenchmark;
import com.darwin.compute.bench.harness.benchmarks.SweepBenchmark;
import com.darwin.compute.bench.harness.kube.KubernetesRequestLog;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.MachineInfo;
import com.darwin.compute.bench.harness.report.ResultsTable;
import com.darwin.compute.bench.harness.report.ResultsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts the service on the sandbox, runs the benchmarks one after the other, prints the results
 * table and writes {@code results.md} and {@code latency.png} under {@code bench/results/<run>/}.
 *
 * <p>Exit status 0 when every benchmark was measured (met goals or not: that is a result), 1 when
 * anything failed (then no results are written: a number from a failed run is not a result), 2 when
 * the run exceeded its time limit (then the benchmarks that had finished, if any, are written, the
 * report saying which one was cut short: each was measured against its own floor, so a slow later
 * one does not make them less of a result).
 */
public final class Harness {

  /**
   * The order they run in, with the service up. B6's memory is read right after B1; B5 loads the
   * most, so it comes last.
   */
  private static final List<Benchmark> WITH_SERVICE =
      List.of(
          new ReadBenchmark(),
          new StartupAndMemoryBenchmark(),
          new CreateBenchmark(),
          new SearchBenchmark(),
          new SweepBenchmark(),
          new ScaleBenchmark(),
          new IdleClustersBenchmark());

  private final HarnessSettings settings;
  private final long begin = System.nanoTime();
  private final MachineInfo machine = MachineInfo.capture();
  private final String runId =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
          .withZone(ZoneOffset.UTC)
          .format(Instant.now());

  /** The sections of the benchmarks finished so far, read by the watchdog too. */
  private final List<ResultsWriter.Section> sections = new CopyOnWriteArrayList<>();

  /** What is running now, for the report of a run the watchdog ends. */
  private volatile String running = "the sandbox's and the service's start";

  /**
   * Held while the run's one report is written: the run's own at its end, or the watchdog's. The
   * one that comes second waits for it, then writes nothing.
   */
  private final ReentrantLock reporting = new ReentrantLock();

  private boolean reported; // guarded by reporting

  private Harness(HarnessSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int status;
    Harness harness = null;
    try {
      harness = new Harness(HarnessSettings.fromSystemProperties());
      harness.startWatchdog(Long.getLong("bench.timeout-minutes", 15));
      status = harness.run();
    } catch (Throwable e) {
      if (harness != null && !harness.forgoReport()) {
        // The watchdog ended the run first, and this failure is its ending (the sandbox stopping
        // under the benchmark): its report and exit status stand.
        status = 2;
      } else {
        // A failed run writes nothing, nor does the watchdog while the shutdown hooks run.
        System.err.println();
        System.err.println("BENCHMARK RUN FAILED: " + e);
        e.printStackTrace();
        status = 1;
      }
    }
    // The sandbox (MariaDB, Elasticsearch) stops in its shutdown hooks.
    System.exit(status);
  }

  private int run() throws Exception {
    System.out.println(
        "Darwin Compute benchmarks, run " + runId + (settings.quick() ? " (QUICK)" : ""));
    System.out.println(
        "Machine: " + machine.describe() + ", load average " + machine.loadAverage());
    // Chosen before anything starts, so that a misspelt -Dbench.only fails at once.
    List<Benchmark> withService = selected(WITH_SERVICE);
    List<Benchmark> afterService = selected(List.of(new RenderingBenchmark(settings.quick())));
    System.out.println("Starting the sandbox and the service...");

    try (ServiceUnderTest service = ServiceUnderTest.start(settings);
        KubernetesRequestLog requests =
            KubernetesRequestLog.start(service.sandbox().kubernetes().server())) {
      System.out.printf(
          Locale.ROOT,
          "Sandbox up in %.1f s, service healthy %.1f s later (%s)%n",
          service.startup().sandboxMillis() / 1000.0,
          service.startup().serviceMillis() / 1000.0,
          service.api().base());
      BenchContext context = BenchContext.create(settings, service, requests);
      for (Benchmark benchmark : withService) {
        sections.add(measure(benchmark, context));
      }
      running = "the service's stop";
    }
    // Once the service (and its resync of every cluster) has stopped: JMH wants a quiet machine.
    for (Benchmark benchmark : afterService) {
      sections.add(measure(benchmark, null));
    }
    // False when the watchdog ended the run first: its exit status stands.
    return write(null) ? 0 : 2;
  }

  /**
   * Writes the report of the benchmarks finished so far and prints its table.
   *
   * @param unfinished why the run ended before the others, or null when it did not
   * @return false when the run's report was taken already (written or being written, forgone by a
   *     failed run, or given up by a run ended with nothing finished); true when this call took it,
   *     even if writing it then failed
   */
  private boolean write(String unfinished) throws IOException {
    reporting.lock();
    try {
      if (!take()) {
        return false;
      }
      if (unfinished != null && sections.isEmpty()) {
        return true; // nothing finished: no figures to write
      }
      report(unfinished);
      return true;
    } finally {
      reporting.unlock();
    }
  }

  /**
   * Takes the report for a failed run, which writes none.
   *
   * @return false when the watchdog took it first
   */
  private boolean forgoReport() {
    reporting.lock();
    try {
      return take();
    } finally {
      reporting.unlock();
    }
  }

  /** Takes the report, under {@link #reporting}: false when it was taken already. */
  private boolean take() {
    boolean free = !reported;
    reported = true;
    return free;
  }

  private void report(String unfinished) throws IOException {
    ResultsWriter.Run run =
        new ResultsWriter.Run(
            runId,
            settings.quick(),
            (System.nanoTime() - begin) / 1_000_000_000,
            machine,
            MachineInfo.currentLoadAverage(),
            List.copyOf(sections),
            unfinished);
    Path directory = ResultsWriter.write(run, settings.resultsDirectory());
    System.out.println();
    System.out.print(ResultsTable.markdown(ResultsWriter.rows(run)));
    System.out.println();
    System.out.println("Absolute figures are this machine's; ratios = times worse than the floor.");
    System.out.println(
        "Written: " + directory.resolve("results.md") + " (chart: " + ResultsWriter.CHART + ")");
  }

  private ResultsWriter.Section measure(Benchmark benchmark, BenchContext context)
      throws Exception {
    System.out.println("== " + benchmark.id() + " " + benchmark.title());
    running = benchmark.id() + " (" + benchmark.title() + ")";
    long started = System.nanoTime();
    BenchmarkResult result = benchmark.run(context);
    System.out.printf(Locale.ROOT, "   (%.1f s)%n", (System.nanoTime() - started) / 1e9);
    return new ResultsWriter.Section(
        benchmark.id(), benchmark.title(), benchmark.against(), result);
  }

  /**
   * The given benchmarks, or those of them named in {@code -Dbench.only=B1,B3,R} (for working on
   * one; the report then has only their rows).
   */
  private static List<Benchmark> selected(List<Benchmark> benchmarks) {
    String only = System.getProperty("bench.only", "").trim();
    if (only.isEmpty()) {
      return benchmarks;
    }
    List<String> ids = List.of(only.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
    List<String> known = List.of("B1", "B2", "B3", "B4", "S", "B5", "B6", "R");
    if (!known.containsAll(ids)) {
      throw new IllegalArgumentException("bench.only names unknown benchmarks: " + only);
    }
    return benchmarks.stream().filter(b -> ids.contains(b.id())).toList();
  }

  /**
   * Ends the process if the run takes longer than allowed, the harness always finishing, after
   * writing what the benchmarks that finished measured.
   */
  private void startWatchdog(long minutes) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(minutes * 60_000);
              } catch (InterruptedException e) {
                return;
              }
              String cut = running;
              String note = "not finished within " + minutes + " min: ended while " + cut + " ran";
              try {
                // A run writing its own report has finished: waited for, but not for ever (the
                // harness always finishes).
                if (!reporting.tryLock(1, TimeUnit.MINUTES)) {
                  System.err.println("The run's own report took over a minute to write");
                } else {
                  try {
                    if (!write(note)) {
                      return; // the run's own report, or its failure, ends it
                    }
                  } finally {
                    reporting.unlock();
                  }
                }
              } catch (Throwable e) { // the chart's Java2D included: exit regardless
                System.err.println("The finished benchmarks' report was not written: " + e);
              }
              System.err.println("BENCHMARK RUN FAILED: " + note);
              // exit, not halt: the shutdown hooks stop MariaDB and Elasticsearch.
              System.exit(2);
            },
            "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
