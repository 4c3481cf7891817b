package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.fixtures.ClusterBodies;
import com.darwin.compute.bench.harness.fixtures.ClusterRows;
import com.darwin.compute.bench.harness.load.BenchmarkFailure;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import com.darwin.compute.core.cluster.ClusterIds;
import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.reconcile.ClusterReconciler;
import com.darwin.compute.core.termination.AutoTerminationSweep;
import com.darwin.compute.core.termination.SweepReport;
import com.darwin.compute.sandbox.FakeRayServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * B4: one auto-termination sweep over many active clusters: its wall time against the floor of what
 * it must do anyway (read the rows, ask the endpoints), and its SQL statements against the Python
 * service's per-cluster cost.
 */
public final class SweepBenchmark implements Benchmark {

  private static final String PREFIX = "bench-sweep";
  private static final Duration IDLE_FOR = Duration.ofHours(2);

  /** The paths each idleness policy asks, in the order the template lists the policies. */
  private static final List<String> PROBE_PATHS =
      List.of("/jupyter/api/kernels", "/nodes?view=summary", "/api/jobs/");

  @Override
  public String id() {
    return "B4";
  }

  @Override
  public String title() {
    return "auto-termination sweep over 10,000 active clusters";
  }

  @Override
  public String against() {
    return "Service: `AutoTerminationSweep.sweepOnce()` called in the service's process, timed from"
        + " call to return; its SQL statements are those it created on its connections (Hibernate"
        + " and JdbcTemplate alike, counted at the JDBC `Connection`), cross-checked with MariaDB's"
        + " own `Questions` counter, which also counts the driver's transaction statements"
        + " (autocommit, read-only, commit). The clusters are inserted straight into MySQL as"
        + " `active`, each with the three idleness policies the SDK sets by default (Jupyter"
        + " kernels, CPU, running Ray jobs), so every one is probed on the simulated Ray dashboard"
        + " and Jupyter endpoints: 10% run a Ray job (in use), 0.5% answer 503 (probe failing,"
        + " alerted once), 1% were last used two hours ago with a 30-minute inactive time (stopped"
        + " by the measured sweep, Slack alert included), the rest are idle but not for long enough."
        + " The reconciler is paused for the benchmark: nothing exists in Kubernetes for these"
        + " rows (the simulator could not bring 10,000 clusters up within the run's time limit) and"
        + " a running reconciler would create them; the sweep itself never calls Kubernetes. The"
        + " scheduled sweep is off for the whole run, so only these calls sweep. Wall-time floor:"
        + " one plain JDBC read of the same rows (every column) through the service's pool, then"
        + " exactly the requests the sweep sent to each cluster's endpoints (counted per cluster"
        + " on the simulated endpoints), from java.net.http with the sweep's own concurrency and"
        + " bodies read in full but not parsed; alternating rounds with the sweep. Statements"
        + " against: the Python service, which checks idleness inside its status poller, one"
        + " cluster at a time: each check is preceded by the poller's `SELECT ... FOR UPDATE SKIP"
        + " LOCKED` and `UPDATE last_picked_at` and followed by `UPDATE last_used_at` for a cluster"
        + " in use, i.e. at least 2 statements per cluster plus 1 per cluster in use for one round"
        + " over all of them (computed from its design, not measured).";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    int clusters = context.settings().b4Clusters();
    ClusterReconciler reconciler = context.service().bean(ClusterReconciler.class);
    AutoTerminationSweep sweep = context.service().bean(AutoTerminationSweep.class);
    FakeRayServices ray = context.sandbox().ray();
    int concurrency = context.service().bean(RayProperties.class).probeConcurrency();
    ClusterRows rows =
        ClusterRows.fromTemplate(
            context.api(),
            context.dataSource(),
            context.service().bean(ClusterIds.class),
            ClusterBodies.withIdlenessPolicies(PREFIX + "-template"));

    reconciler.stop();
    List<String> ids = List.of();
    try {
      long setupBegin = System.nanoTime();
      ids = rows.insertActive(PREFIX, clusters);
      List<String> due = new ArrayList<>();
      int inUse = 0;
      int failing = 0;
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        if (i % 10 == 0) {
          ray.setJobs(id, List.of("RUNNING"));
          inUse++;
        } else if (i % 200 == 7) {
          ray.fail(id, 503);
          failing++;
        } else if (i % 100 == 5) {
          due.add(id);
        }
      }
      long setupMillis = (System.nanoTime() - setupBegin) / 1_000_000;

      // Warm-up (JIT, pool, HTTP connections). It also starts the failing-probe streaks, whose
      // alerts go out once, here.
      SweepReport warmUp = sweep.sweepOnce();
      expect(warmUp.probed() >= clusters, "the warm-up sweep probed " + warmUp.probed());
      expect(warmUp.stopped() == 0, "the warm-up sweep stopped " + warmUp.stopped() + " clusters");

      rows.markUsedAgo(due, IDLE_FOR);
      Measured stopping = measure(context, sweep);
      expect(
          stopping.report().stopped() == due.size(),
          "the sweep stopped "
              + stopping.report().stopped()
              + " clusters, expected the "
              + due.size()
              + " idle for two hours");

      Map<String, Integer> before = requestCounts(ray, ids);
      List<Measured> steady = new ArrayList<>();
      List<Long> floor = new ArrayList<>();
      Map<String, Integer> sent = null;
      for (int round = 0; round < context.settings().b4Rounds(); round++) {
        Measured measured = measure(context, sweep);
        expect(measured.report().stopped() == 0, "a steady sweep stopped clusters");
        steady.add(measured);
        if (sent == null) {
          Map<String, Integer> after = requestCounts(ray, ids);
          sent = new HashMap<>();
          for (String id : ids) {
            sent.put(id, after.get(id) - before.get(id));
          }
        }
        floor.add(floorRound(context, ray.baseUrl(), ids, sent, concurrency));
      }
      return result(
          context,
          clusters,
          setupMillis,
          inUse,
          failing,
          due.size(),
          concurrency,
          warmUp,
          stopping,
          steady,
          floor,
          sent);
    } finally {
      for (String id : ids) {
        ray.reset(id);
      }
      rows.deleteNamed(PREFIX);
      reconciler.start();
      awaitReconcilerIdle(reconciler);
    }
  }

  /**
   * A restarted reconciler resyncs as soon as its informer caches are synced (here they are
   * already: within a few tens of milliseconds) and passes every cluster that is or should be
   * running once; what follows (B5's baseline of the scheduled jobs' statements, for one) must not
   * measure that.
   */
  private static void awaitReconcilerIdle(ClusterReconciler reconciler)
      throws InterruptedException {
    Thread.sleep(500);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (reconciler.backlog() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (reconciler.backlog() > 0) {
      System.out.printf(
          Locale.ROOT,
          "  the reconciler still has %d clusters queued two minutes after its restart%n",
          reconciler.backlog());
    }
  }

  /** One sweep, with MariaDB's own statement counter read around it. */
  private static Measured measure(BenchContext context, AutoTerminationSweep sweep)
      throws Exception {
    Map<String, Long> before = context.statementCounters();
    SweepReport report = sweep.sweepOnce();
    Map<String, Long> after = context.statementCounters();
    // The second SHOW STATUS counts itself.
    return new Measured(report, after.get("Questions") - before.get("Questions") - 1);
  }

  private record Measured(SweepReport report, long questions) {}

  private static Map<String, Integer> requestCounts(FakeRayServices ray, List<String> ids) {
    Map<String, Integer> counts = new HashMap<>();
    ids.forEach(id -> counts.put(id, ray.requestCount(id)));
    return counts;
  }

  /** The floor: one read of the rows, then the same requests at the same concurrency. */
  private static long floorRound(
      BenchContext context,
      String baseUrl,
      List<String> ids,
      Map<String, Integer> sent,
      int concurrency)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      long begin = System.nanoTime();
      int read = readRunningRows(context);
      List<CompletableFuture<Void>> probes = new ArrayList<>(ids.size());
      for (String id : ids) {
        int requests = sent.get(id);
        if (requests == 0) {
          continue; // stopped by the sweep with stops: no longer running, not probed
        }
        probes.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < requests; i++) {
                    get(http, baseUrl + "/" + id + PROBE_PATHS.get(i % PROBE_PATHS.size()));
                  }
                },
                pool));
      }
      CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
      expect(read >= probes.size(), "the floor read " + read + " rows for " + probes.size());
      return (System.nanoTime() - begin) / 1_000_000;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int readRunningRows(BenchContext context) throws Exception {
    try (Connection connection = context.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT * FROM clusters WHERE desired_state = 'RUNNING' AND status IN ('active',"
                    + " 'worker_nodes_scaled', 'worker_nodes_died')");
        ResultSet result = select.executeQuery()) {
      ResultSetMetaData meta = result.getMetaData();
      int rows = 0;
      while (result.next()) {
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          result.getObject(c);
        }
        rows++;
      }
      return rows;
    }
  }

  private static void get(HttpClient http, String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      // The simulated failing endpoints answer 503 to the floor as they do to the sweep.
      if (response.statusCode() != 200 && response.statusCode() != 503) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private BenchmarkResult result(
      BenchContext context,
      int clusters,
      long setupMillis,
      int inUse,
      int failing,
      int due,
      int concurrency,
      SweepReport warmUp,
      Measured stopping,
      List<Measured> steady,
      List<Long> floor,
      Map<String, Integer> sent)
      throws BenchmarkFailure {
    double steadyMillis = median(steady.stream().map(m -> m.report().durationMillis()).toList());
    double floorMillis = median(floor);
    double steadyStatements =
        median(steady.stream().map(m -> (long) m.report().sqlStatements()).toList());
    double pythonStatements = 2.0 * clusters + inUse;
    // One pick every 2 s per worker, two workers (the container's uvicorn --workers 2).
    double pythonRoundSeconds = clusters * 2.0 / 2;
    long requests = sent.values().stream().mapToLong(Integer::longValue).sum();
    if (requests < clusters) {
      throw new BenchmarkFailure("B4: the sweep sent only " + requests + " probe requests");
    }
    String size = String.format(Locale.ROOT, "%,d active clusters", clusters);
    String withStops =
        String.format(
            Locale.ROOT,
            "Auto-termination sweep over %s, %,d idle stopped (Slack alert each)",
            size,
            due);
    List<ResultRow> table =
        List.of(
            new ResultRow(
                id(),
                "Auto-termination sweep over "
                    + size
                    + ", none due — vs reading the rows + the same probe requests",
                "wall time",
                Quantity.millis(steadyMillis),
                Quantity.millis(floorMillis),
                null,
                null),
            new ResultRow(
                id(),
                "Auto-termination sweep over "
                    + size
                    + ", none due — vs the Python poller's statements for one round",
                "SQL statements",
                Quantity.statements(steadyStatements),
                Quantity.statements(pythonStatements).asComputed(),
                null,
                null),
            ResultRow.absolute(
                id(),
                withStops,
                "wall time",
                Quantity.millis(stopping.report().durationMillis()),
                null),
            ResultRow.absolute(
                id(),
                withStops,
                "SQL statements",
                Quantity.statements(stopping.report().sqlStatements()),
                null));

    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "%s inserted as `active` in %.1f s: %,d in use (a running Ray job), %,d with failing"
                + " endpoints (503), %,d idle for two hours (due), the rest idle but not for long"
                + " enough. Probe concurrency %d (`compute.ray.probe-concurrency`); %,d probe"
                + " requests per sweep (%.1f per cluster).",
            size,
            setupMillis / 1000.0,
            inUse,
            failing,
            due,
            concurrency,
            requests,
            requests / (double) clusters));
    details.add(
        "Warm-up sweep (not measured): " + warmUp + ". Its alerts are the failing-probe streaks.");
    details.add(
        String.format(
            Locale.ROOT,
            "Sweep with stops: %s; MariaDB counted %,d statements meanwhile (the sweep's own plus"
                + " the driver's transaction statements and the scheduled jobs' background). Each"
                + " stop costs about %.1f statements (the stop's row update, action, event and"
                + " outbox rows, inside its own transaction), not counting the outbox inserts of"
                + " clusters in use whose last use moved into a new search interval (`reindexed`,"
                + " one insert per thousand, in any sweep).",
            stopping.report(),
            stopping.questions(),
            (stopping.report().statementsBesidesReindexing()
                    - median(
                        steady.stream()
                            .map(m -> (long) m.report().statementsBesidesReindexing())
                            .toList()))
                / Math.max(1, due)));
    for (int i = 0; i < steady.size(); i++) {
      details.add(
          String.format(
              Locale.ROOT,
              "Steady sweep %d: %s; MariaDB counted %,d statements meanwhile. Floor round %d: %,d"
                  + " ms.",
              i + 1,
              steady.get(i).report(),
              steady.get(i).questions(),
              i + 1,
              floor.get(i)));
    }
    details.add(
        String.format(
            Locale.ROOT,
            "The Python service, computed from its design: at least 2 statements per cluster"
                + " check plus 1 per cluster in use, %,.0f for one round over %s; and a round is"
                + " slow: each API worker's poller picks one cluster every 2 s, so with 2 workers"
                + " one round over %s takes %,.0f s (%.1f h), not the 10 s its per-cluster lease"
                + " suggests. Its checks also read each cluster's Elasticsearch document (%,d"
                + " requests per round); this sweep reads MySQL only.",
            pythonStatements,
            size,
            size,
            pythonRoundSeconds,
            pythonRoundSeconds / 3600.0,
            clusters));
    System.out.printf(
        Locale.ROOT,
        "  sweep over %,d clusters: %.0f ms (floor %.0f ms), %.0f statements; with %d stops %d ms,"
            + " %d statements%n",
        clusters,
        steadyMillis,
        floorMillis,
        steadyStatements,
        due,
        stopping.report().durationMillis(),
        stopping.report().sqlStatements());
    return new BenchmarkResult(table, List.of(), details);
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static void expect(boolean condition, String message) throws BenchmarkFailure {
    if (!condition) {
      throw new BenchmarkFailure("B4: " + message);
    }
  }
}
