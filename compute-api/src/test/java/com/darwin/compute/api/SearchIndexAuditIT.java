package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.search.IndexDrift;
import com.darwin.compute.core.search.SearchIndex;
import com.darwin.compute.core.search.SearchIndexAudit;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit against the real MariaDB and Elasticsearch: documents taken apart behind the service's
 * back, as a rolling upgrade to a new index or a restored snapshot leaves them (one deleted, one
 * showing an old status, one of a cluster that does not exist), are found, queued and put right by
 * the indexer, and the next audit finds nothing of them left. A running cluster whose last use
 * moved within its document's interval (which re-indexes nothing, by design) is not taken for a
 * stale one, and a cluster still waiting on the outbox is left to the indexer.
 */
class SearchIndexAuditIT extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired SearchIndex index;
  @Autowired SearchIndexAudit audit;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;

  @Test
  void missingStaleAndOrphanedDocumentsAreQueuedAndPutRight() throws Exception {
    String missing = createStopped("audit-missing");
    String stale = createStopped("audit-stale");
    String inStep = createStopped("audit-in-step");
    String pendingStale = createStopped("audit-pending");
    String running = create(ClusterRequests.quickStart(unique("audit-running")));
    for (String id : List.of(missing, stale, inStep, pendingStale, running)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> document(id).statusCode() == 200);
    }
    awaitStatus(running, "active");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> document(running).body().contains("\"status\":\"active\""));
    // A use within the document's interval: it moves the row's last use and queues nothing.
    jdbc.update(
        "UPDATE clusters SET last_used_at = last_used_at + INTERVAL 1 SECOND WHERE cluster_id = ?",
        running);
    JsonNode staleSource = JSON.readTree(document(stale).body()).get("_source");
    assertThat(staleSource.get("status").asString()).isEqualTo("inactive");

    String orphan = "id-" + unique("orphan").replace("-", "");
    ObjectNode orphanSource = (ObjectNode) staleSource.deepCopy();
    orphanSource.put("cluster_id", orphan);
    assertThat(elasticsearch("DELETE", "/_doc/" + missing, null).statusCode()).isEqualTo(200);
    assertThat(
            elasticsearch(
                    "POST",
                    "/_update/" + stale,
                    "{\"doc\": {\"status\": \"active\", \"ui_status\": \"active\","
                        + " \"active_pods\": 3}}")
                .statusCode())
        .isEqualTo(200);
    assertThat(elasticsearch("PUT", "/_doc/" + orphan, orphanSource.toString()).statusCode())
        .isEqualTo(201);
    // Stale too, but with an outbox row the indexer will take in an hour (as after failures).
    assertThat(
            elasticsearch("POST", "/_update/" + pendingStale, "{\"doc\": {\"active_pods\": 5}}")
                .statusCode())
        .isEqualTo(200);
    jdbc.update(
        "INSERT INTO search_outbox (cluster_id, created_at, attempts, next_attempt_at)"
            + " VALUES (?, UTC_TIMESTAMP(3), 3, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR)",
        pendingStale);
    double missingBefore = queuedMetric(IndexDrift.MISSING);

    // Pages small enough that both walks cross at least five of them, however many clusters the
    // other tests of this context left.
    int rows = jdbc.queryForObject("SELECT COUNT(*) FROM clusters", Integer.class);
    SearchIndexAudit.Report report = audit.run(Math.max(2, rows / 5));

    assertThat(report.queued().get(IndexDrift.MISSING))
        .contains(missing)
        .doesNotContain(inStep, running);
    assertThat(report.queued().get(IndexDrift.STALE))
        .contains(stale)
        .doesNotContain(inStep, running);
    assertThat(report.queued().get(IndexDrift.ORPHANED))
        .contains(orphan)
        .doesNotContain(missing, stale, inStep);
    assertThat(report.queued().values().stream().flatMap(List::stream))
        .doesNotContain(pendingStale);
    assertThat(report.rows()).isGreaterThanOrEqualTo(rows);
    assertThat(report.documents()).isGreaterThanOrEqualTo(3);
    assertThat(queuedMetric(IndexDrift.MISSING)).isGreaterThanOrEqualTo(missingBefore + 1);

    // The indexer (every 200 ms here) writes the rows as they are and deletes the orphan.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(document(missing).statusCode()).isEqualTo(200);
              JsonNode restored = JSON.readTree(document(stale).body()).get("_source");
              assertThat(restored.get("status").asString()).isEqualTo("inactive");
              assertThat(restored.get("active_pods").asInt()).isZero();
              assertThat(document(orphan).statusCode()).isEqualTo(404);
            });
    elasticsearch("POST", "/_refresh", null);
    // Without its outbox row, the pending cluster's stale document is found like any other.
    jdbc.update("DELETE FROM search_outbox WHERE cluster_id = ?", pendingStale);

    SearchIndexAudit.Report again = audit.run(5_000);
    assertThat(again.queued().values().stream().flatMap(List::stream))
        .doesNotContain(missing, stale, inStep, orphan, running);
    assertThat(again.queued().get(IndexDrift.STALE)).contains(pendingStale);
    assertThat(api.post("/cluster/stop-cluster/" + running, null, Api.USER).status())
        .isEqualTo(202);
  }

  /** Another test (or an earlier run against the same database) may hold the audits' locks. */
  private void noAuditLocked() {
    jdbc.update(
        "DELETE FROM shedlock WHERE name IN ('search-index-audit', 'search-index-audit-after-start')");
  }

  /**
   * Every replica has its own timer: the lock is held for the interval, so the audit runs once per
   * interval between them, however many replicas there are.
   */
  @Test
  void aSecondAuditWithinTheIntervalIsSkipped() {
    noAuditLocked();
    double before = runs("done");
    audit.audit();
    assertThat(runs("done")).isEqualTo(before + 1);
    audit.audit();
    assertThat(runs("done")).as("the second call within the hour").isEqualTo(before + 1);
  }

  /**
   * The last replica of a rolling upgrade audits after it starts even though another replica
   * audited within the interval: that audit is the first after the old replicas have gone.
   */
  @Test
  void eachReplicaAuditsOnceAfterItStartsWhateverTheSharedSchedule() {
    noAuditLocked();
    audit.audit(); // the shared schedule's lock is now held for the interval
    double before = runs("done");
    audit.auditAfterStart();
    assertThat(runs("done")).isEqualTo(before + 1);
    // Another replica starting at the same time: one audit between them.
    audit.auditAfterStart();
    assertThat(runs("done")).as("the second call within a minute").isEqualTo(before + 1);
  }

  private double runs(String outcome) {
    return meters.get(SearchIndexAudit.TIMER).tag("outcome", outcome).timer().count();
  }

  private double queuedMetric(IndexDrift drift) {
    return meters.get(SearchIndexAudit.METRIC).tag("drift", drift.tag()).counter().count();
  }

  private HttpResponse<String> document(String id) throws Exception {
    return elasticsearch("GET", "/_doc/" + id, null);
  }

  /** A request to this service's index, made visible to searches at once. */
  private HttpResponse<String> elasticsearch(String method, String path, String body)
      throws Exception {
    String refresh = method.equals("GET") || path.endsWith("_refresh") ? "" : "?refresh=true";
    return new ElasticsearchRequests(sandbox.elasticsearch().url())
        .send(method, "/" + index.name() + path + refresh, body);
  }
}
