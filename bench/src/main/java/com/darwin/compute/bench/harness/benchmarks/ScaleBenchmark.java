package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.fixtures.ClusterBodies;
import com.darwin.compute.bench.harness.fixtures.ClusterRows;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import com.darwin.compute.core.cluster.ClusterIds;
import com.darwin.compute.core.reconcile.ClusterReconciler;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.core.termination.AutoTerminationSweep;
import com.darwin.compute.core.termination.SweepReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S: how the auto-termination sweep (B4's) and the reconciler's resync grow with the number of
 * clusters, at 1,000, 10,000 and 100,000: wall time and SQL statements per step. Statements must
 * not grow at all (no statement per cluster); time may grow with the rows read.
 *
 * <p>The rows are inserted straight into MySQL with the reconciler paused. For the sweep they are
 * active with no idleness policy, so the sweep reads and judges every one but has nothing to probe
 * (B4 measures the probes, at 10,000): this is the sweep's own cost. For the resync they are then
 * stopped, as most clusters of an installation are: the resync reads every candidate and every id
 * MySQL knows and compares them with the informer caches in memory.
 */
public final class ScaleBenchmark implements Benchmark {

  private static final String PREFIX = "bench-scale";

  @Override
  public String id() {
    return "S";
  }

  @Override
  public String title() {
    return "sweep and resync at 1,000, 10,000 and 100,000 clusters";
  }

  @Override
  public String against() {
    return "Growth, not a floor: each step's figure is divided by the previous step's (ten times"
        + " the clusters), so a ratio of 1x is no growth and 10x grows with the clusters."
        + " Statements must not grow (goal 1x: no statement per cluster). Sweep:"
        + " `AutoTerminationSweep.sweepOnce()` over that many active clusters inserted straight"
        + " into MySQL with no idleness policy (every row is read and judged, nothing is probed:"
        + " B4 measures probing at 10,000), statements as it counts them on its thread. Resync:"
        + " `ClusterReconciler.resync()` called on the harness's thread with the same rows"
        + " stopped (the bulk of an installation), statements counted on that thread at the JDBC"
        + " connection. The reconciler is paused while rows are active (it would create their"
        + " RayClusters) and running for the resync.";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    List<Integer> steps = context.settings().scaleSteps();
    ClusterReconciler reconciler = context.service().bean(ClusterReconciler.class);
    AutoTerminationSweep sweep = context.service().bean(AutoTerminationSweep.class);
    ClusterRows rows =
        ClusterRows.fromTemplate(
            context.api(),
            context.dataSource(),
            context.service().bean(ClusterIds.class),
            ClusterBodies.quickStart(PREFIX + "-template", false));
    List<ResultRow> results = new ArrayList<>();
    List<String> details = new ArrayList<>();
    double[] previous = null;
    int inserted = 0;
    reconciler.stop();
    try {
      for (int step = 0; step < steps.size(); step++) {
        int clusters = steps.get(step);
        long insertBegin = System.nanoTime();
        rows.insertActive(PREFIX + "-" + step, clusters - inserted);
        inserted = clusters;
        update(
            context,
            "UPDATE clusters SET spec = JSON_SET(spec, '$.auto_termination_policies',"
                + " JSON_ARRAY()) WHERE name LIKE ?");
        long insertMillis = (System.nanoTime() - insertBegin) / 1_000_000;

        sweep.sweepOnce(); // warm-up at this size
        SweepReport swept = sweep.sweepOnce();
        if (swept.clusters() < clusters) {
          throw new IllegalStateException(
              "the sweep saw " + swept.clusters() + " clusters, expected at least " + clusters);
        }

        update(
            context,
            "UPDATE clusters SET desired_state = 'STOPPED', status = 'inactive'"
                + " WHERE name LIKE ?");
        reconciler.start();
        reconciler.resync(); // warm-up at this size
        long resyncBegin = System.nanoTime();
        SqlStatementCounter.start();
        reconciler.resync();
        int resyncStatements = SqlStatementCounter.stop();
        double resyncMillis = (System.nanoTime() - resyncBegin) / 1e6;
        // The UPDATE above left a delete-marked entry per row in both status indexes until
        // InnoDB's purge removes it, and the optimizer's index dives count them: for a few seconds
        // the candidates' query reads the whole table. The same resync once they are purged is
        // what a steady installation pays (its clusters stop a few at a time). The history list
        // empties before the index entries are gone, so a fixed settling time follows it.
        long purgeBegin = System.nanoTime();
        long history = awaitPurged(context, Duration.ofSeconds(90));
        Thread.sleep(PURGE_SETTLE.toMillis());
        double purgeSeconds = (System.nanoTime() - purgeBegin) / 1e9;
        long purgedBegin = System.nanoTime();
        reconciler.resync();
        double purgedMillis = (System.nanoTime() - purgedBegin) / 1e6;
        reconciler.stop();
        update(
            context,
            "UPDATE clusters SET desired_state = 'RUNNING', status = 'active'"
                + " WHERE name LIKE ?");

        double[] figures = {
          swept.durationMillis(),
          swept.sqlStatements(),
          resyncMillis,
          resyncStatements,
          purgedMillis
        };
        details.add(
            String.format(
                Locale.ROOT,
                "%,d clusters (inserted in %.1f s): sweep %,d ms and %d statements; resync %.1f ms"
                    + " and %d statements right after stopping them all in one UPDATE, %.1f ms once"
                    + " InnoDB had purged the old index entries (history list %,d, then %d s more:"
                    + " %.1f s in all).",
                clusters,
                insertMillis / 1000.0,
                swept.durationMillis(),
                swept.sqlStatements(),
                resyncMillis,
                resyncStatements,
                purgedMillis,
                history,
                PURGE_SETTLE.toSeconds(),
                purgeSeconds));
        System.out.printf(Locale.ROOT, "  %s%n", details.get(details.size() - 1));
        if (previous != null) {
          String from =
              String.format(Locale.ROOT, "%,d to %,d clusters", steps.get(step - 1), clusters);
          for (Figure figure : FIGURES) {
            results.add(
                growth(
                    figure.subject() + ", " + from,
                    figure.metric(),
                    figure.quantity(figures[figure.index()]),
                    figure.quantity(previous[figure.index()]),
                    figure.statements() ? 1.0 : null));
          }
        }
        previous = figures;
      }
    } catch (Exception e) {
      // The steps measured so far stand; the one that failed says why (a bigger step on a loaded
      // machine can outlast the service's statement timeout).
      results.add(
          ResultRow.notMeasured(
              id(), "Step after " + inserted + " clusters", "failed: " + e.getMessage()));
      details.add("A step failed: " + e);
    } finally {
      update(context, "DELETE FROM clusters WHERE name LIKE ?");
      reconciler.start();
    }
    return new BenchmarkResult(results, List.of(), details);
  }

  /** One growth row: what it is and where its value sits in a step's figures. */
  private record Figure(String subject, String metric, int index, boolean statements) {
    Quantity quantity(double value) {
      return statements ? Quantity.statements(value) : Quantity.millis(value);
    }
  }

  private static final List<Figure> FIGURES =
      List.of(
          new Figure("Sweep", "wall time", 0, false),
          new Figure("Sweep", "SQL statements", 1, true),
          new Figure("Resync", "wall time", 2, false),
          new Figure(
              "Resync once InnoDB purged the UPDATE's old index entries", "wall time", 4, false),
          new Figure("Resync", "SQL statements", 3, true));

  private ResultRow growth(
      String subject, String metric, Quantity now, Quantity before, Double goal) {
    String text = subject + " — vs the step before (10x fewer clusters)";
    return goal == null
        ? new ResultRow(id(), text, metric, now, before, null, null)
        : ResultRow.compared(id(), text, metric, now, before, goal);
  }

  private static final Duration PURGE_SETTLE = Duration.ofSeconds(10);

  private static final Pattern HISTORY = Pattern.compile("History list length (\\d+)");

  /**
   * Waits until InnoDB's purge has caught up (its history list under 500 transactions, or not
   * found) or the limit passes; returns the history list's length then.
   */
  private static long awaitPurged(BenchContext context, Duration limit) throws Exception {
    var database = context.sandbox().database();
    long deadline = System.nanoTime() + limit.toNanos();
    try (Connection connection =
            java.sql.DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement status = connection.createStatement()) {
      while (true) {
        long length = -1;
        try (ResultSet rows = status.executeQuery("SHOW ENGINE INNODB STATUS")) {
          if (rows.next()) {
            Matcher history = HISTORY.matcher(rows.getString("Status"));
            if (history.find()) {
              length = Long.parseLong(history.group(1));
            }
          }
        }
        if (length < 500 || System.nanoTime() > deadline) {
          return length;
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * The harness's own set-up statements over every row of a step, on a connection of their own: the
   * service's pool fails a statement that takes longer than its socket timeout (3 s).
   */
  private static void update(BenchContext context, String sql) throws Exception {
    var database = context.sandbox().database();
    try (Connection connection =
            java.sql.DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, PREFIX + "-%");
      update.executeUpdate();
    }
  }
}
