package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.history.HistoryServerExpiry;
import com.darwin.compute.core.history.HistoryServerObserver;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.sandbox.MockKubernetesApi;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Spark History Server repair pass over more running servers than one read returns: every one
 * is judged (the pass once read the first 10,000 and never repaired the others), and the rows are
 * read a page or a thousand ids per statement, never one per server.
 */
class HistoryServerRepairPagesIT extends ApiIntegrationTest {

  private static final String PREFIX = "shs-page-";
  private static final String TARGET = "sandbox";
  private static final int FILLERS = 10_000;

  @Autowired HistoryServerExpiry expiry;
  @Autowired HistoryServerObserver observer;
  @Autowired JdbcTemplate jdbc;
  @Autowired Clock clock;

  @Test
  void serversPastTheFirstTenThousandAreRepairedWithoutAStatementEach() {
    Instant now = clock.instant();
    // Running servers whose start the pass must leave to its request (it has not begun yet, so it
    // is within the repair grace): judged, and left alone.
    List<String> fillers = new ArrayList<>();
    for (int i = 0; i < FILLERS; i++) {
      fillers.add(String.format(Locale.ROOT, "%sa%05d", PREFIX, i));
    }
    // Running servers started an hour ago whose objects are not there, last in every order.
    List<String> lost = List.of(PREFIX + "z1", PREFIX + "z2", PREFIX + "z3");
    try {
      insertRunning(fillers, now.plus(Duration.ofDays(1)), now);
      insertRunning(lost, now.minus(Duration.ofHours(1)), now.plusSeconds(1));

      expiry.repair();
      // The scheduled pass runs too (every 300 ms here): either may have applied them.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> lost.forEach(id -> assertThat(observer.deployment(TARGET, id)).isNotNull()));
      lost.forEach(id -> assertThat(deployment(id)).as(id).isNotNull());
      assertThat(deployment(fillers.get(0))).isNull();

      // With their Deployments in the cache, a pass reads their rows in one statement with the
      // others', and the running servers a thousand at a time.
      int running =
          jdbc.queryForObject(
              "SELECT COUNT(*) FROM spark_history_servers WHERE status IN ('CREATED', 'ACTIVE')",
              Integer.class);
      List<String> statements;
      SqlStatementCounter.startRecording();
      try {
        expiry.repair();
        statements = SqlStatementCounter.recorded();
      } finally {
        SqlStatementCounter.stop();
      }
      int pages = running / 1_000 + 1;
      // A server some other test left to be acted on is read again, locked: that is its action;
      // one whose status the pass caught up (a row read just before the watch wrote it) is
      // written by id: that is its action too.
      List<String> reads =
          statements.stream()
              .filter(
                  s ->
                      s.contains("spark_history_servers")
                          && !s.contains("for update")
                          && !s.trim().toLowerCase(Locale.ROOT).startsWith("update"))
              .toList();
      assertThat(reads).as(String.join("\n", statements)).hasSizeLessThanOrEqualTo(pages + 2);
      assertThat(reads)
          .as("a read of one server by id")
          .noneMatch(s -> s.replace(" ", "").matches("(?s).*whereh\\w*\\.id=\\?.*"));
    } finally {
      // The rows first: a pass that finds no row leaves the objects alone, so none re-applies them.
      jdbc.update("DELETE FROM spark_history_servers WHERE id LIKE ?", PREFIX + "%");
      jdbc.update("DELETE FROM spark_history_server_actions WHERE server_id LIKE ?", PREFIX + "%");
      for (String id : lost) {
        sandbox
            .kubernetes()
            .client()
            .apps()
            .deployments()
            .inNamespace(MockKubernetesApi.NAMESPACE)
            .withName(id)
            .delete();
        sandbox
            .kubernetes()
            .client()
            .services()
            .inNamespace(MockKubernetesApi.NAMESPACE)
            .withName(id)
            .delete();
      }
    }
  }

  /** Running rows, a thousand per statement, as a start would have stored them. */
  private void insertRunning(List<String> ids, Instant startedAt, Instant createdAt) {
    for (int from = 0; from < ids.size(); from += 1_000) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
      StringBuilder sql =
          new StringBuilder(
              "INSERT INTO spark_history_servers (id, resource, user_name, ttl, filesystem,"
                  + " events_path, cloud_env, namespace, status, started_at, expires_at,"
                  + " created_at) VALUES ");
      List<Object> args = new ArrayList<>();
      for (String id : chunk) {
        sql.append(args.isEmpty() ? "" : ", ")
            .append("(?, ?, ?, 60, 'S3', ?, ?, ?, 'ACTIVE', ?, ?, ?)");
        args.add(id);
        args.add(id);
        args.add("user@example.com");
        args.add("s3a://darwin-events/" + id);
        args.add(TARGET);
        args.add(MockKubernetesApi.NAMESPACE);
        args.add(Timestamp.from(startedAt));
        args.add(Timestamp.from(startedAt.plus(Duration.ofDays(2))));
        args.add(Timestamp.from(createdAt));
      }
      jdbc.update(sql.toString(), args.toArray());
    }
  }
}
