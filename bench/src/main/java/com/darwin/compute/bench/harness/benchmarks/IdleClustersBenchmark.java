package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.fixtures.ClusterBodies;
import com.darwin.compute.bench.harness.fixtures.ClusterRows;
import com.darwin.compute.bench.harness.kube.KubernetesRequestLog;
import com.darwin.compute.bench.harness.load.BenchmarkFailure;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import com.darwin.compute.core.cluster.ClusterIds;
import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.sandbox.MockKubernetesApi;
import com.darwin.compute.sandbox.SimulatedKubeRayOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * B5: requests per minute the service sends to the Kubernetes API while it looks after many idle
 * clusters, against the Python service's poller (one status request per cluster every 10 s).
 */
public final class IdleClustersBenchmark implements Benchmark {

  /** Watches: a request per cluster every 1,000 s at most, i.e. none in practice. */
  static final double GOAL = 0.01;

  private static final int POLLS_PER_MINUTE = 6;
  private static final Duration BASELINE = Duration.ofSeconds(15);

  @Override
  public String id() {
    return "B5";
  }

  @Override
  public String title() {
    return "Kubernetes API requests per minute with idle clusters";
  }

  @Override
  public String against() {
    return "Service: every request to the mock Kubernetes API whose Host header is the one the"
        + " service is configured with (the simulated operator and the harness use another name"
        + " for the same server), counted over a window in steady state. The clusters (head only,"
        + " one pod each, to keep the simulator's set-up work down) were inserted as started, the"
        + " service created their RayClusters and followed them to `active`, then the simulated"
        + " operator was paused so that nothing about them changes (idle) and the simulator's own"
        + " polling does not load the machine. The reconciler resyncs every 10 s, so it looks at"
        + " each cluster as often as the Python poller did. Against: the Python service's poller,"
        + " one status request per cluster every 10 s, i.e. clusters x 6 per minute; that figure"
        + " is computed from its design, not measured (there is no Python service here). What"
        + " remains of the watch-based design is each informer's re-watch every 5 to 10 minutes"
        + " (fabric8 times watches out as client-go does): three informers, whatever the number"
        + " of clusters. Alongside, MariaDB's statement counter shows what the same resyncs cost"
        + " in MySQL, above the background of the scheduled jobs measured just before.";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    int clusters = context.settings().b5Clusters();
    Duration window = context.settings().b5Window();
    // The scheduled jobs' own statements with no cluster running: the baseline for MySQL below.
    Map<String, Long> baselineBefore = context.statementCounters();
    long baselineBegin = System.nanoTime();
    Thread.sleep(BASELINE.toMillis());
    Map<String, Long> baselineAfter = context.statementCounters();
    double baselineSeconds = (System.nanoTime() - baselineBegin) / 1e9;
    double baselinePerMinute =
        (baselineAfter.get("Questions") - baselineBefore.get("Questions") - 1)
            * 60.0
            / baselineSeconds;

    ClusterRows rows =
        ClusterRows.fromTemplate(
            context.api(),
            context.dataSource(),
            context.service().bean(ClusterIds.class),
            ClusterBodies.headOnly("bench-idle-template", false));
    long setupBegin = System.nanoTime();
    rows.insertStarted("bench-idle", clusters);
    awaitActive(context, clusters);
    long setupMillis = (System.nanoTime() - setupBegin) / 1_000_000;
    long rayClusters;
    try (KubernetesClient client = context.sandbox().kubernetes().newClient()) {
      rayClusters =
          RayClusterKind.in(client)
              .inNamespace(MockKubernetesApi.NAMESPACE)
              .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE)
              .list()
              .getItems()
              .size();
    }
    if (rayClusters < clusters) {
      throw new BenchmarkFailure(
          "B5: " + clusters + " clusters active but only " + rayClusters + " RayClusters exist");
    }
    System.out.printf(
        Locale.ROOT,
        "  %,d clusters active with their RayClusters after %.1f s; counting for %d s%n",
        clusters,
        setupMillis / 1000.0,
        window.toSeconds());

    SimulatedKubeRayOperator operator = context.sandbox().operator();
    operator.pause();
    // Let the reconciler finish the watch events of the last transitions.
    Thread.sleep(5_000);
    KubernetesRequestLog requests = context.kubernetesRequests();
    Map<String, Long> statementsBefore = context.statementCounters();
    requests.openWindow();
    Thread.sleep(window.toMillis());
    KubernetesRequestLog.Counts counts = requests.closeWindow();
    Map<String, Long> statementsAfter = context.statementCounters();

    double perMinute = counts.service() * 60.0 / counts.seconds();
    double pollerPerMinute = clusters * (double) POLLS_PER_MINUTE;
    String subject =
        String.format(
            Locale.ROOT,
            "Kubernetes API requests with %,d idle clusters (watches) — vs the Python poller,"
                + " 1 status request per cluster every 10 s",
            clusters);
    List<ResultRow> table =
        List.of(
            ResultRow.compared(
                id(),
                subject,
                "requests/min",
                Quantity.perMinute(perMinute),
                Quantity.perMinute(pollerPerMinute).asComputed(),
                GOAL));

    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "%,d clusters inserted as started; the service created their RayClusters and all were"
                + " `active` %.1f s later. Window: %.1f s with the simulated operator paused.",
            clusters,
            setupMillis / 1000.0,
            counts.seconds()));
    details.add(
        String.format(
            Locale.ROOT,
            "Requests counted in the window: %,d from the service %s, %,d from anything else"
                + " (simulator, harness).",
            counts.service(),
            counts.serviceByKind().isEmpty() ? "(none)" : counts.serviceByKind().toString(),
            counts.others()));
    // The second SHOW STATUS counts itself.
    long questions = statementsAfter.get("Questions") - statementsBefore.get("Questions") - 1;
    double questionsPerMinute = questions * 60.0 / counts.seconds();
    double resyncsPerMinute = 60.0 / context.settings().resyncInterval().toSeconds();
    details.add(
        String.format(
            Locale.ROOT,
            "Meanwhile MySQL executed %,d statements, %,.0f per minute (%s), against %,.0f per"
                + " minute from the scheduled jobs alone with no cluster running (%.0f s measured"
                + " just before). The difference is about %.1f statements per cluster per resync,"
                + " %,.0f per second for %,d idle clusters at a %d s resync.",
            questions,
            questionsPerMinute,
            delta(statementsBefore, statementsAfter),
            baselinePerMinute,
            baselineSeconds,
            (questionsPerMinute - baselinePerMinute) / (clusters * resyncsPerMinute),
            (questionsPerMinute - baselinePerMinute) / 60.0,
            clusters,
            context.settings().resyncInterval().toSeconds()));
    System.out.printf(
        Locale.ROOT,
        "  %,.1f requests/min from the service vs %,.0f for the poller; %,.0f SQL statements/min%n",
        perMinute,
        pollerPerMinute,
        questionsPerMinute);
    return new BenchmarkResult(table, List.of(), details);
  }

  private static void awaitActive(BenchContext context, int clusters) throws Exception {
    long deadline = System.nanoTime() + context.settings().b5SetupTimeout().toNanos();
    long lastReport = 0;
    while (true) {
      long active =
          context.queryLong(
              "SELECT COUNT(*) FROM clusters WHERE name LIKE 'bench-idle-%' AND status = 'active'");
      if (active >= clusters) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BenchmarkFailure(
            "B5: only "
                + active
                + " of "
                + clusters
                + " clusters became active within "
                + context.settings().b5SetupTimeout().toSeconds()
                + " s");
      }
      if (System.nanoTime() - lastReport > 15_000_000_000L) {
        System.out.printf(Locale.ROOT, "  %,d of %,d clusters active%n", active, clusters);
        lastReport = System.nanoTime();
      }
      Thread.sleep(1_000);
    }
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new java.util.LinkedHashMap<>();
    after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
    return delta;
  }
}
