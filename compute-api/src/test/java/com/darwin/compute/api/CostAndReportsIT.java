package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.store.ClusterRows;
import com.darwin.compute.core.timeline.TimelineAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Cost prediction, accrued cost, cost in search results, and the two reports. */
class CostAndReportsIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;

  /** When the run's first action of this kind happened (stored in UTC, as Hibernate writes). */
  private Instant firstAt(String runId, String action) {
    return jdbc.queryForObject(
        "SELECT created_at FROM cluster_actions WHERE run_id = ? AND action = ?"
            + " ORDER BY id LIMIT 1",
        (row, n) -> ClusterRows.instant(row, 1, ClusterRows.utc()),
        runId,
        action);
  }

  /** When the last of the run's actions that end a run happened (a stop, its completion...). */
  private Instant lastEnd(String runId) {
    var ends = TimelineAction.runEndingWireNames();
    return jdbc
        .query(
            "SELECT action, created_at FROM cluster_actions WHERE run_id = ? ORDER BY id DESC",
            (row, n) ->
                ends.contains(row.getString(1))
                    ? ClusterRows.instant(row, 2, ClusterRows.utc())
                    : null,
            runId)
        .stream()
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void predictsFromTheConfiguredCatalogue() {
    // Head 4 cores/8 GB fits c5.xlarge (0.17/h); a 2/4 worker fits c5.large (0.085/h).
    Api.Response cost =
        api.post("/cluster/cost/predict", ClusterRequests.quickStart(unique("cost")));
    assertThat(cost.status()).as(cost.raw()).isEqualTo(200);
    assertThat(cost.data().get("min_cost").asDouble()).isEqualTo(0.255);
    assertThat(cost.data().get("max_cost").asDouble()).isEqualTo(0.34);

    // Spot pods cost on-demand x spot-factor (0.35): head 0.0595, worker 0.02975.
    Api.Response spot =
        api.post(
            "/cluster/cost/predict",
            ClusterRequests.quickStart(unique("spot"))
                .replace(
                    "\"node_capacity_type\": \"ondemand\"", "\"node_capacity_type\": \"spot\""));
    assertThat(spot.status()).as(spot.raw()).isEqualTo(200);
    assertThat(spot.data().get("min_cost").asDouble()).isEqualTo(0.089);
    assertThat(spot.data().get("max_cost").asDouble()).isEqualTo(0.119);

    // Validation as for create.
    Api.Response bad =
        api.post(
            "/cluster/cost/predict",
            ClusterRequests.quickStart(unique("bad"))
                .replace("\"min_pods\": 1", "\"min_pods\": 5"));
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void theEstimateIsStoredAndAccruedCostFollowsRunningTime() throws Exception {
    String name = unique("accrued");
    String id = create(ClusterRequests.quickStart(name));
    awaitStatus(id, "active");
    Thread.sleep(1500);
    Api.Response cost = api.get("/cluster/" + id + "/cost");
    assertThat(cost.status()).as(cost.raw()).isEqualTo(200);
    assertThat(cost.data().get("hourly").get("min_cost").asDouble()).isEqualTo(0.255);
    assertThat(cost.data().get("unpriced").isArray()).isTrue();
    assertThat(cost.data().get("unpriced")).isEmpty();
    var run = cost.data().get("runs").get(0);
    assertThat(run.get("running").asBoolean()).isTrue();
    assertThat(run.get("hours").asDouble()).isPositive();
    assertThat(cost.data().get("total_max_cost").asDouble())
        .isGreaterThanOrEqualTo(cost.data().get("total_min_cost").asDouble());

    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    Api.Response stopped = api.get("/cluster/" + id + "/cost");
    var endedRun = stopped.data().get("runs").get(0);
    assertThat(endedRun.get("running").asBoolean()).isFalse();
    assertThat(endedRun.get("ended_at").isNull()).isFalse();
    double hours = endedRun.get("hours").asDouble();
    Thread.sleep(500);
    // A stopped run no longer accrues.
    assertThat(
            api.get("/cluster/" + id + "/cost").data().get("runs").get(0).get("hours").asDouble())
        .isEqualTo(hours);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var hit =
                  api.post("/cluster/search", "{\"query\": \"" + name + "\"}")
                      .data()
                      .get("body")
                      .get(0);
              assertThat(hit.get("cost").asString()).isEqualTo("0.255-0.34");
            });
    assertThat(api.get("/cluster/id-nope23456789abcd/cost").status()).isEqualTo(404);
  }

  /**
   * Each run's cost spans from its first start to its last end, as the timeline has them, oldest
   * run first; the current run accrues until now.
   */
  @Test
  void eachRunCostsFromItsStartToItsEndOnTheTimeline() {
    String id = create(ClusterRequests.quickStart(unique("cost-runs")));
    awaitStatus(id, "active");
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "inactive");
    assertThat(api.post("/cluster/start-cluster/" + id, null, Api.USER).status() / 100)
        .isEqualTo(2);
    awaitStatus(id, "active");

    var runs = api.get("/cluster/" + id + "/cost").data().get("runs");
    assertThat(runs.size()).isEqualTo(2);
    List<String> runIds =
        jdbc.queryForList(
            "SELECT run_id FROM cluster_actions WHERE cluster_id = ? AND run_id IS NOT NULL"
                + " GROUP BY run_id ORDER BY MIN(id)",
            String.class,
            id);
    var first = runs.get(0);
    assertThat(first.get("run_id").asString()).isEqualTo(runIds.get(0));
    assertThat(Instant.parse(first.get("started_at").asString()))
        .isEqualTo(firstAt(runIds.get(0), "Started"));
    assertThat(Instant.parse(first.get("ended_at").asString())).isEqualTo(lastEnd(runIds.get(0)));
    assertThat(first.get("running").asBoolean()).isFalse();
    var second = runs.get(1);
    assertThat(second.get("run_id").asString()).isEqualTo(runIds.get(1));
    assertThat(Instant.parse(second.get("started_at").asString()))
        .isEqualTo(firstAt(runIds.get(1), "Started"));
    assertThat(second.get("running").asBoolean()).isTrue();
    assertThat(second.get("ended_at").isNull()).isTrue();
  }

  @Test
  void reportsRunningAndUnusedJobClusters() {
    String running = create(ClusterRequests.quickStart(unique("report-running")));
    Api.Response report = api.get("/running-clusters/0");
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.data().get("running_time").asInt()).isZero();
    assertThat(
            report
                .data()
                .get("clusters")
                .valueStream()
                .map(c -> c.get("cluster_id").asString())
                .toList())
        .contains(running);
    assertThat(
            api.get("/running-clusters/100000")
                .data()
                .get("clusters")
                .valueStream()
                .map(c -> c.get("cluster_id").asString())
                .toList())
        .doesNotContain(running);

    String job =
        create(
            ClusterRequests.quickStart(unique("report-job"))
                .replace(
                    "\"start_cluster\": true",
                    "\"start_cluster\": false, \"is_job_cluster\": true"));
    Api.Response unused = api.get("/cluster/job/inactive?days=0");
    assertThat(unused.status()).as(unused.raw()).isEqualTo(200);
    assertThat(
            unused
                .data()
                .get("cluster_ids")
                .valueStream()
                .map(c -> c.get("cluster_id").asString())
                .toList())
        .contains(job)
        .doesNotContain(running);
    assertThat(
            api.get("/cluster/job/inactive?days=30")
                .data()
                .get("cluster_ids")
                .valueStream()
                .map(c -> c.get("cluster_id").asString())
                .toList())
        .doesNotContain(job);
    assertThat(api.get("/cluster/job/inactive?limit=0").status()).isEqualTo(400);
  }

  @Test
  void keepAliveNeedsARunningCluster() {
    String id = createStopped("ka");
    assertThat(api.post("/cluster/" + id + "/keep-alive", null, Api.USER).status()).isEqualTo(409);
    assertThat(api.post("/cluster/id-nope23456789abcd/keep-alive", null, Api.USER).status())
        .isEqualTo(404);
  }

  @Test
  void unknownPoliciesAndBadParametersAreRejected() {
    String unknown =
        ClusterRequests.quickStart(unique("policy"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"auto_termination_policies\": [{\"policy_name\": \"Vibes\", \"enabled\": true, \"params\": {}}]");
    Api.Response r = api.post("/cluster", unknown, Api.USER);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.raw()).contains("auto_termination_policies[0].policy_name");

    String badParam =
        ClusterRequests.quickStart(unique("policy"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"auto_termination_policies\": [{\"policy_name\": \"ClusterCPUUsage\", \"params\": {\"worker_node_cpu_usage_threshold\": \"lots\"}}]");
    Api.Response p = api.post("/cluster", badParam, Api.USER);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.raw()).contains("worker_node_cpu_usage_threshold");
  }
}
