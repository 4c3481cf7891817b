package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.ServiceApi;
import com.darwin.compute.bench.harness.floor.HttpFloor;
import com.darwin.compute.bench.harness.load.Comparison;
import com.darwin.compute.bench.harness.load.LatencyStats;
import com.darwin.compute.bench.harness.load.LoadGenerator;
import com.darwin.compute.bench.harness.load.Operation;
import com.darwin.compute.bench.harness.load.ServerTime;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.LatencyFigure;
import com.darwin.compute.bench.harness.report.ResultRow;
import com.darwin.compute.core.read.ClusterReads;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * B1: reading one cluster through the API ({@code GET /cluster/{id}} and {@code
 * /cluster/{id}/metadata}) against reading its row by primary key with plain JDBC through the
 * service's own connection pool.
 */
public final class ReadBenchmark implements Benchmark {

  /** Against the same read served by a bare JDK HttpServer: what the framework costs. */
  static final double HTTP_GOAL = 1.5;

  /** Against the JDBC read alone: HTTP, JSON and the framework together. */
  static final double GOAL = 3.0;

  private static final String FLOOR = "raw JDBC PK read";
  private static final String HTTP_FLOOR = "JDBC PK read as JSON over a bare JDK HttpServer";
  private static final String PK_READ = "SELECT * FROM clusters WHERE cluster_id = ?";

  @Override
  public String id() {
    return "B1";
  }

  @Override
  public String title() {
    return "GET /cluster/{id} and /metadata at concurrency 1 and 32";
  }

  @Override
  public String against() {
    return "Service: `GET /cluster/{id}` (the full view) and `GET /cluster/{id}/metadata` (the"
        + " status row) over HTTP/1.1 from java.net.http, body read in full, 200 required. Floor:"
        + " `SELECT * FROM clusters WHERE cluster_id = ?` with plain JDBC, every column read,"
        + " through the service's own HikariCP pool (same MariaDB, same connection settings)."
        + " HTTP floor: the same statement served as a JSON envelope of every column by the JDK's"
        + " bare `com.sun.net.httpserver.HttpServer` in the same JVM (a thread per connection of"
        + " the load, same pool), called by the same java.net.http client: the ratio to it is what"
        + " Spring, the filters, security and the service's own code cost beyond the physics of"
        + " one statement and one HTTP exchange. Ids"
        + " are drawn from the same stopped clusters, inserted in the shape the service writes."
        + " Throughput at concurrency 32 is closed-loop: 32 threads, each sending its next request"
        + " as soon as the last one is answered.";
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    int clusters = context.settings().b1Clusters();
    List<String> ids = context.rows().insertStopped("bench-read", clusters);
    ServiceApi api = context.api();
    DataSource pool = context.dataSource();
    Operation floor = index -> readRow(pool, pick(ids, index));

    List<ResultRow> rows = new ArrayList<>();
    List<LatencyFigure> figures = new ArrayList<>();
    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "%,d stopped clusters inserted; each operation reads one at random.",
            clusters));
    try (HttpFloor http =
        HttpFloor.start(pool, Math.max(4, context.settings().b1Concurrent().threads()))) {
      ServiceApi bare = new ServiceApi(http.base());
      Operation httpFloor = index -> bare.get("/cluster/" + pick(ids, index));
      for (Comparison.Load load :
          List.of(context.settings().b1Serial(), context.settings().b1Concurrent())) {
        for (String suffix : List.of("", "/metadata")) {
          String endpoint = "GET /cluster/{id}" + suffix;
          Operation service = index -> api.get("/cluster/" + pick(ids, index) + suffix);
          Comparison.Several measured = Comparison.run(load, service, List.of(httpFloor, floor));
          Comparison.Result overHttp =
              new Comparison.Result(measured.service(), measured.floors().get(0));
          Comparison.Result overJdbc =
              new Comparison.Result(measured.service(), measured.floors().get(1));
          String at = endpoint + ", concurrency " + load.threads();
          rows.addAll(
              ComparisonRows.of(id(), at + " — vs " + HTTP_FLOOR, overHttp, HTTP_GOAL, true));
          rows.addAll(ComparisonRows.of(id(), at + " — vs " + FLOOR, overJdbc, GOAL, true));
          figures.add(
              new LatencyFigure("B1 " + at, overHttp.service(), overHttp.floor(), "HTTP floor"));
          details.add(ComparisonRows.counts(at + " (floor: HTTP)", overHttp));
          details.add(ComparisonRows.counts(at + " (floor: JDBC)", overJdbc));
          System.out.printf(
              Locale.ROOT,
              "  %s: p50 %.3f ms vs HTTP floor %.3f ms vs JDBC %.3f ms; %,.0f vs %,.0f vs %,.0f"
                  + " req/s%n",
              at,
              measured.service().p50Millis(),
              measured.floors().get(0).p50Millis(),
              measured.floors().get(1).p50Millis(),
              measured.service().throughputPerSecond(),
              measured.floors().get(0).throughputPerSecond(),
              measured.floors().get(1).throughputPerSecond());
        }
      }
    }
    MeterRegistry meters = context.service().bean(MeterRegistry.class);
    for (String suffix : List.of("", "/metadata")) {
      Map<String, Long> before = context.statementCounters();
      ServerTime.Split split =
          new ServerTime(meters, "GET", "/cluster/{clusterId}" + suffix)
              .measure(
                  STATEMENT_SAMPLE, i -> context.api().get("/cluster/" + pick(ids, i) + suffix));
      Map<String, Double> perRequest = perRequest(before, context.statementCounters());
      details.add(
          String.format(
              Locale.ROOT,
              "MySQL statements per `GET /cluster/{id}%s`: %.1f, of which %s (MariaDB's counters"
                  + " over %d sequential requests; the scheduled jobs' few statements included)."
                  + " The floor sends 1. The same requests took %s.",
              suffix,
              perRequest.get("Questions"),
              breakdown(perRequest),
              STATEMENT_SAMPLE,
              split.describe()));
    }
    details.add(inProcessReads(context, ids));
    // What HTTP and the web stack cost alone: a request that touches nothing (not a floor).
    Operation healthCheck = index -> api.get("/health");
    LoadGenerator.run(1, 500, 0, healthCheck);
    LatencyStats health = LoadGenerator.run(1, 1_000, 500, healthCheck);
    details.add(
        String.format(
            Locale.ROOT,
            "For scale, not a floor: `GET /health` (no database, no Elasticsearch) from the same"
                + " client, 1,000 sequential requests: p50 %.3f ms, p99 %.3f ms.",
            health.p50Millis(),
            health.p99Millis()));
    return new BenchmarkResult(rows, figures, details);
  }

  private static final int STATEMENT_SAMPLE = 300;

  /**
   * The reads themselves, called on {@link ClusterReads} inside the service's process (the one
   * statement and the mapping of its row, no HTTP, no view, no JSON): what of the time inside the
   * service above is the database's and the row's.
   */
  private static String inProcessReads(BenchContext context, List<String> ids) throws Exception {
    ClusterReads reads = context.service().bean(ClusterReads.class);
    double details = p50Millis(i -> reads.details(pick(ids, i)));
    double metadata = p50Millis(i -> reads.metadata(pick(ids, i)));
    return String.format(
        Locale.ROOT,
        "Called inside the service's process, %d sequential calls after %d unmeasured: the full"
            + " view's read (`ClusterReads.details`: its statement and the row mapped) p50 %.3f"
            + " ms; the status row's (`ClusterReads.metadata`) p50 %.3f ms.",
        STATEMENT_SAMPLE,
        STATEMENT_SAMPLE,
        details,
        metadata);
  }

  /** p50 of {@link #STATEMENT_SAMPLE} sequential calls after as many unmeasured. */
  private static double p50Millis(Operation call) throws Exception {
    LoadGenerator.run(1, STATEMENT_SAMPLE, 0, call);
    return LoadGenerator.run(1, STATEMENT_SAMPLE, STATEMENT_SAMPLE, call).p50Millis();
  }

  /** What one read cost the database, counted by MariaDB itself, per counter. */
  private static Map<String, Double> perRequest(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> perRequest = new LinkedHashMap<>();
    after.forEach(
        (name, value) -> {
          // The second SHOW STATUS counts itself (a Questions, not a Com_select).
          long own = "Questions".equals(name) ? 1 : 0;
          perRequest.put(
              name, (value - own - before.getOrDefault(name, 0L)) / (double) STATEMENT_SAMPLE);
        });
    return perRequest;
  }

  /** {@code select 1.0, set_option 4.0, commit 1.0}: the non-zero Com_ counters. */
  private static String breakdown(Map<String, Double> perRequest) {
    List<String> parts = new ArrayList<>();
    perRequest.forEach(
        (name, value) -> {
          if (name.startsWith("Com_") && value >= 0.05) {
            parts.add(
                String.format(Locale.ROOT, "%s %.1f", name.substring(4).replace('_', ' '), value));
          }
        });
    return String.join(", ", parts);
  }

  /** The same pseudo-random id sequence for the service and the floor. */
  private static String pick(List<String> ids, int index) {
    return ids.get((int) Math.floorMod(index * 2_654_435_761L, (long) ids.size()));
  }

  private static void readRow(DataSource pool, String clusterId) throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(PK_READ)) {
      select.setString(1, clusterId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("cluster " + clusterId + " not found");
        }
        int columns = row.getMetaData().getColumnCount();
        for (int c = 1; c <= columns; c++) {
          row.getObject(c);
        }
      }
    }
  }
}
