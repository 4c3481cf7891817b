package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.termination.AutoTerminationSweep;
import com.darwin.compute.core.termination.SweepReport;
import com.darwin.compute.core.timeline.TimelineAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** A sweep is a few batched statements, never one per cluster. */
@TestPropertySource(properties = "compute.termination.enabled=false")
@OwnContext
class SweepCostIT extends ApiIntegrationTest {

  @Autowired AutoTerminationSweep sweep;
  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterRepository clusterRows;
  @Autowired LastUseWriter lastUse;
  private final java.util.Map<String, String> names = new java.util.HashMap<>();

  private List<String> busyClusters(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = create(ClusterRequests.quickStart(unique("sweep-" + i)));
      sandbox.ray().setCpu(id, 0, List.of(90.0));
      ids.add(id);
    }
    ids.forEach(id -> awaitStatus(id, "active"));
    return ids;
  }

  private boolean noIntervalStartsSoon() {
    java.time.Instant now = java.time.Instant.now();
    return jdbc
        .queryForList(
            "SELECT cluster_id FROM clusters WHERE desired_state = 'RUNNING'", String.class)
        .stream()
        .allMatch(
            id ->
                lastUse
                    .intervalStart(id, now)
                    .equals(lastUse.intervalStart(id, now.plusSeconds(5))));
  }

  @Test
  void clustersInUseWhoseLastUseWasInAnEarlierIntervalAreReindexedInOneStatement() {
    List<String> busy = busyClusters(4);
    String usedLater = busy.remove(3);
    // No running cluster's interval starts within five seconds: the two sweeps below fall in the
    // same interval of each.
    await().atMost(Duration.ofSeconds(30)).until(this::noIntervalStartsSoon);
    jdbc.update(
        "UPDATE clusters SET last_used_at = TIMESTAMPADD(HOUR, -1, CURRENT_TIMESTAMP(3))"
            + " WHERE cluster_id IN (?, ?, ?)",
        busy.toArray());
    // A use stored later than the sweep's time (a keep-alive while it probed, another replica's
    // clock) stays: a use never moves last_used_at back.
    jdbc.update(
        "UPDATE clusters SET last_used_at = TIMESTAMPADD(HOUR, 1, CURRENT_TIMESTAMP(3))"
            + " WHERE cluster_id = ?",
        usedLater);
    java.time.Instant later = clusterRows.findById(usedLater).orElseThrow().getLastUsedAt();

    java.time.Instant sweptFrom = java.time.Instant.now().minusSeconds(1);
    SweepReport moved = sweep.sweepOnce();
    for (String id : busy) {
      assertThat(clusterRows.findById(id).orElseThrow().getLastUsedAt()).isAfter(sweptFrom);
    }
    assertThat(clusterRows.findById(usedLater).orElseThrow().getLastUsedAt()).isEqualTo(later);
    // Others of this class's clusters may be in use and past an interval too.
    assertThat(moved.reindexed()).isBetween(busy.size(), moved.inUse());
    assertThat(moved.sqlStatements())
        .as("the running clusters' read, the last_used_at update, one outbox insert")
        .isEqualTo(3);

    SweepReport within = sweep.sweepOnce();
    assertThat(within.inUse()).isEqualTo(moved.inUse());
    assertThat(within.reindexed()).isZero();
    assertThat(within.sqlStatements()).isEqualTo(2);
  }

  @Test
  void theStatementCountDoesNotGrowWithTheNumberOfClusters() {
    List<String> first = busyClusters(4);
    SweepReport small = sweep.sweepOnce();
    assertThat(small.probed()).isGreaterThanOrEqualTo(first.size());
    assertThat(small.inUse()).isEqualTo(small.probed());
    assertThat(small.stopped()).isZero();

    busyClusters(8);
    SweepReport large = sweep.sweepOnce();
    assertThat(large.probed()).isGreaterThanOrEqualTo(small.probed() + 8);
    assertThat(large.inUse()).isEqualTo(large.probed());
    // One read of the running clusters and one batched last_used_at update: the same two
    // statements for 4 clusters and for 12 (no streak starts or ends, so none is written).
    assertThat(large.statementsBesidesReindexing()).isEqualTo(small.statementsBesidesReindexing());
    assertThat(large.statementsBesidesReindexing()).isEqualTo(2);
  }

  @Test
  void aFailingProbeStreakIsWrittenWhenItStartsAndWhenItEndsOnly() {
    List<String> busy = busyClusters(2);
    String failing = busy.get(0);
    SweepReport before = sweep.sweepOnce();
    assertThat(failingSince(failing)).isNull();

    sandbox.ray().fail(failing, 503);
    SweepReport starts = sweep.sweepOnce();
    assertThat(starts.unknown()).isEqualTo(1);
    assertThat(failingSince(failing)).isNotNull();
    assertThat(starts.statementsBesidesReindexing())
        .as("one more update starts the streak; the alert adds its dedupe read and its record")
        .isEqualTo(before.statementsBesidesReindexing() + 3);

    SweepReport continues = sweep.sweepOnce();
    assertThat(continues.unknown()).isEqualTo(1);
    assertThat(continues.alerts()).isZero();
    assertThat(continues.statementsBesidesReindexing())
        .as(
            "the alert is raised again and found sent by one dedupe read (for every failing"
                + " cluster at once): one Slack did not take would be sent now")
        .isEqualTo(before.statementsBesidesReindexing() + 1);

    sandbox.ray().reset(failing);
    sandbox.ray().setCpu(failing, 0, List.of(90.0));
    SweepReport ends = sweep.sweepOnce();
    assertThat(ends.unknown()).isZero();
    assertThat(failingSince(failing)).isNull();
    assertThat(ends.statementsBesidesReindexing())
        .isEqualTo(before.statementsBesidesReindexing() + 1);
  }

  @Test
  void stoppingIdleClustersIsTheSameFewStatementsForTwoAsForSix() {
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    List<String> two = idleClusters(2);
    SweepReport small = sweep.sweepOnce();
    assertThat(small.stopped()).isEqualTo(2);

    List<String> six = idleClusters(6);
    SweepReport large = sweep.sweepOnce();
    assertThat(large.stopped()).isEqualTo(6);
    // The running clusters' read, which of the idle ones have installs or commands running, the
    // stopped ones' read, their updates in one batch, one insert per timeline table and the
    // outbox, the alerts' dedupe read and record: the same for six clusters as for two (it was
    // five statements more per stopped cluster).
    assertThat(large.statementsBesidesReindexing()).isEqualTo(small.statementsBesidesReindexing());
    assertThat(large.statementsBesidesReindexing()).isLessThanOrEqualTo(10);

    for (String id : concat(two, six)) {
      assertThat(status(id)).isEqualTo("inactive");
      var events = api.get("/cluster/" + id + "/events?types=AUTO_TERMINATED").data().get("events");
      assertThat(events.size()).as(id).isEqualTo(1);
      assertThat(events.get(0).get("actor").asString()).isEqualTo("Auto Termination");
      assertThat(events.get(0).get("message").asString())
          .startsWith("Cluster terminated due to inactivity (last used ");
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ? AND action = ?",
                  Integer.class,
                  id,
                  TimelineAction.AUTO_TERMINATED.wireName()))
          .isEqualTo(1);
      assertThat(sandbox.slack().messagesAbout(id))
          .anySatisfy(m -> assertThat(m.text()).startsWith("CLUSTER TERMINATED"));
      // Written as a stop writes it (as Hibernate reads it back: instants in UTC).
      ClusterEntity row = clusterRows.findById(id).orElseThrow();
      assertThat(row.getDesiredState()).isEqualTo(DesiredState.STOPPED);
      assertThat(row.getActivePods()).isZero();
      assertThat(row.getNotActiveSince()).isNull();
      assertThat(row.getStatusChangedAt()).isBetween(before, java.time.Instant.now());
      assertThat(row.getUpdatedAt()).isEqualTo(row.getStatusChangedAt());
      assertThat(row.getLastUsedAt()).isBefore(before.minus(Duration.ofMinutes(30)));
    }
    // Stopped clusters are re-indexed: the search sees them inactive.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (String id : six) {
                Api.Response found =
                    api.post(
                        "/cluster/search",
                        "{\"query\": \""
                            + names.get(id)
                            + "\", \"filters\": {}, \"page_size\": 5}");
                assertThat(found.data().get("body").valueStream())
                    .anySatisfy(
                        hit -> {
                          assertThat(hit.get("cluster_id").asString()).isEqualTo(id);
                          assertThat(hit.get("status").asString()).isEqualTo("inactive");
                        });
              }
            });
  }

  /** Clusters that are up, idle (cpu 0) and last used an hour ago: past their 30 minutes. */
  private List<String> idleClusters(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = unique("idle-" + i);
      String id = create(ClusterRequests.quickStart(name));
      names.put(id, name);
      sandbox.ray().setCpu(id, 0, List.of(0.0));
      ids.add(id);
    }
    ids.forEach(id -> awaitStatus(id, "active"));
    ids.forEach(
        id ->
            jdbc.update(
                "UPDATE clusters SET last_used_at = ? WHERE cluster_id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))),
                id));
    return ids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private Object failingSince(String clusterId) {
    return jdbc.queryForObject(
        "SELECT probe_failing_since FROM clusters WHERE cluster_id = ?", Object.class, clusterId);
  }
}
