package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.sandbox.FakeRayServices.KernelState;
import com.darwin.compute.sandbox.FakeSlack;
import com.darwin.compute.sandbox.SimulatedPodShell;
import com.darwin.compute.sandbox.SimulatedPodShell.ExecPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Auto-termination end to end over HTTP, with a sweep every second: idle clusters are stopped and
 * alerted on Slack; busy ones (each policy, and keep-alive) are not; a failing probe stops nothing
 * and is alerted once; -1 never stops.
 */
@TestPropertySource(
    properties = {
      "compute.termination.sweep-interval=1s",
      "compute.termination.min-inactive-minutes=0",
      "compute.alerts.long-running-after=3s",
      "compute.alerts.cost-threshold=0.00001",
      "compute.alerts.dedupe-window=1h",
      "compute.alerts.retry-interval=1s"
    })
@OwnContext
class AutoTerminationIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired LastUseWriter lastUse;
  @Autowired ClusterService clusterService;

  private String body(String name, int inactiveTime) {
    return ClusterRequests.quickStart(name)
        .replace("\"inactive_time\": 30", "\"inactive_time\": " + inactiveTime);
  }

  private void neverStoppedFor(String id, Duration duration) {
    await()
        .during(duration)
        .atMost(duration.plusSeconds(5))
        .until(() -> status(id).equals("active"));
  }

  /**
   * Waits (20 s at most) until Slack has taken exactly one alert about the cluster of this kind.
   */
  private void awaitOneAlert(String id, String kind) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(slack(id)).filteredOn(m -> m.text().startsWith(kind)).hasSize(1));
  }

  /** The alerts about the cluster kept to be sent again. */
  private int pendingAlerts(String id) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM alerts_pending WHERE cluster_id = ?", Integer.class, id);
  }

  private List<FakeSlack.Message> slack(String id) {
    return sandbox.slack().messagesAbout(id);
  }

  @Test
  void anIdleClusterIsStoppedByTheSweepAndAlerted() {
    String name = unique("idle");
    String id = create(body(name, 0));
    // With inactive_time 0 the next sweep after "active" stops it: "active" may be too brief to
    // poll, so the order is checked in the events.
    awaitStatus(id, "inactive");
    // Announced as a stop first: Chronos closes the run's session only on CLUSTER_STOPPED.
    assertThat(eventTypes(id))
        .containsSubsequence(
            "CLUSTER_READY", "CLUSTER_STOP_REQUEST_RECEIVED", "CLUSTER_STOPPED", "AUTO_TERMINATED");
    var events = api.get("/cluster/" + id + "/events?types=AUTO_TERMINATED").data().get("events");
    assertThat(events.size()).isEqualTo(1);
    assertThat(events.get(0).get("actor").asString()).isEqualTo("Auto Termination");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(slack(id))
                    .anySatisfy(
                        m -> {
                          assertThat(m.channel()).isEqualTo("#darwin-alerts");
                          assertThat(m.token()).isEqualTo("xoxb-sandbox-token");
                          assertThat(m.text())
                              .startsWith(
                                  "CLUSTER TERMINATED ENV:sandbox\nCluster ID: "
                                      + id
                                      + "\nCluster Name: "
                                      + name
                                      + "\nOwner: user@example.com\nLast Usage: ")
                              .endsWith(" UTC");
                        }));
  }

  @Test
  void eachSignOfUseKeepsAClusterRunning() {
    // Each sign of use is set right after its cluster's create, before it can be active and swept.
    String cpu = create(body(unique("busy-cpu"), 0));
    sandbox.ray().setCpu(cpu, 0, List.of(50.0)); // a worker above its 10% threshold
    String job = create(body(unique("busy-job"), 0));
    sandbox.ray().setJobs(job, List.of("SUCCEEDED", "RUNNING"));
    String kernel = create(body(unique("busy-kernel"), 0));
    sandbox
        .ray()
        .setKernels(kernel, List.of(new KernelState("busy", Instant.now().minusSeconds(3600))));
    String recent = create(body(unique("recent-kernel"), 0));
    sandbox
        .ray()
        .setKernels(recent, List.of(new KernelState("idle", Instant.now().minusSeconds(60))));
    for (String id : List.of(cpu, job, kernel, recent)) {
      awaitStatus(id, "active");
    }
    for (String id : List.of(cpu, job, kernel, recent)) {
      neverStoppedFor(id, Duration.ofSeconds(3));
    }
    // Being in use moves last_used_at forward.
    Instant lastUsed =
        Instant.parse(
            api.get("/cluster/" + cpu + "/metadata").data().get("last_used_at").asString());
    assertThat(lastUsed).isAfter(Instant.now().minusSeconds(5));

    // The same clusters, idle, are stopped: the policy was what kept them.
    for (String id : List.of(cpu, job, kernel, recent)) {
      sandbox.ray().reset(id);
    }
    for (String id : List.of(cpu, job, kernel, recent)) {
      awaitStatus(id, "inactive");
    }
  }

  @Test
  void aLibraryBeingInstalledKeepsAnIdleClusterRunning() {
    // The probes say idle from the start (inactive_time 0): only the install keeps it running.
    String name = "slow-install-" + Long.toString(System.nanoTime(), 36);
    // 8 s (the test profile's install-timeout is 10 s): the 3 s it is watched below start when
    // this thread sees the install, which a loaded machine may make seconds after it began.
    sandbox.podShell().plan(name, ExecPlan.slow(Duration.ofSeconds(8)));
    String id = create(body(unique("installing"), 0));
    Api.Response installed =
        api.post(
            "/cluster/" + id + "/library/install",
            "{\"source\": \"pypi\", \"body\": {\"name\": \"" + name + "\"}}",
            Api.USER);
    assertThat(installed.status()).as(installed.raw()).isEqualTo(200);
    awaitStatus(id, "active");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !sandbox.podShell().executionsMentioning(name).isEmpty());
    neverStoppedFor(id, Duration.ofSeconds(3));

    // Installed, it is idle again: stopped, after the install ended.
    awaitStatus(id, "inactive");
    Instant stopped =
        Instant.parse(
            api.get("/cluster/" + id + "/events?types=AUTO_TERMINATED")
                .data()
                .get("events")
                .get(0)
                .get("timestamp")
                .asString());
    Instant lastInstallStarted =
        sandbox.podShell().executionsMentioning(name).stream()
            .map(SimulatedPodShell.Execution::at)
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(stopped).isAfter(lastInstallStarted.plusSeconds(8));
  }

  @Test
  void keepAliveRestartsTheIdleClock() {
    String id = create(body(unique("keep-alive"), 1));
    // While its probes fail nothing touches last_used_at but keep-alive.
    sandbox.ray().fail(id, 503);
    awaitStatus(id, "active");
    jdbc.update(
        "UPDATE clusters SET last_used_at = TIMESTAMPADD(MINUTE, -10, CURRENT_TIMESTAMP(3)) WHERE cluster_id = ?",
        id);
    Api.Response alive = api.post("/cluster/" + id + "/keep-alive", null, Api.USER);
    assertThat(alive.status()).as(alive.raw()).isEqualTo(200);
    Instant lastUsed =
        Instant.parse(
            api.get("/cluster/" + id + "/metadata").data().get("last_used_at").asString());
    assertThat(lastUsed).isAfter(Instant.now().minusSeconds(5));

    // Idle now, but used less than its inactive_time (1 minute) ago: left running.
    sandbox.ray().reset(id);
    neverStoppedFor(id, Duration.ofSeconds(3));
    // Last used two minutes ago: stopped.
    jdbc.update(
        "UPDATE clusters SET last_used_at = TIMESTAMPADD(MINUTE, -2, CURRENT_TIMESTAMP(3)) WHERE cluster_id = ?",
        id);
    awaitStatus(id, "inactive");
  }

  /** The cluster's {@code last_used_on} as the UI's search shows it (null until it is found). */
  private Instant searchedLastUse(String id, String name) {
    Api.Response found = api.post("/cluster/search", "{\"query\": \"" + name + "\"}");
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    for (var hit : found.data().get("body")) {
      if (hit.get("cluster_id").asString().equals(id)) {
        return Instant.parse(hit.get("last_used_on").asString());
      }
    }
    return null;
  }

  /**
   * An active cluster whose probes fail (so no sweep touches its last use), last used an hour ago
   * as search shows it. Its inactive_time, 120 minutes, keeps it running whatever a sweep sees.
   */
  private String activeAndLastUsedAnHourAgo(String name) {
    String id = create(body(name, 120));
    sandbox.ray().fail(id, 503);
    awaitStatus(id, "active");
    jdbc.update(
        "UPDATE clusters SET last_used_at = TIMESTAMPADD(HOUR, -1, CURRENT_TIMESTAMP(3))"
            + " WHERE cluster_id = ?",
        id);
    // Only the outbox row makes the indexer write it: a use is what this test is about. Its times
    // are UTC, as the service writes them (the indexer compares them with its own clock).
    jdbc.update(
        "INSERT INTO search_outbox (cluster_id, created_at, attempts, next_attempt_at)"
            + " VALUES (?, UTC_TIMESTAMP(3), 0, UTC_TIMESTAMP(3))",
        id);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(searchedLastUse(id, name))
                    .isBefore(Instant.now().minus(Duration.ofMinutes(50))));
    return id;
  }

  @Test
  void searchShowsTheLastUseOfAClusterTheSweepFindsInUse() {
    String name = unique("searched-use");
    String id = activeAndLastUsedAnHourAgo(name);

    // In use again: the sweep moves last_used_at out of an earlier interval (5 minutes by
    // default), which re-indexes the cluster; nothing else about it changed. A sweep writes the
    // time it started, which may be a little before this.
    Instant inUseFrom = Instant.now().minusSeconds(30);
    sandbox.ray().setCpu(id, 0, List.of(90.0));
    sandbox.ray().fail(id, 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(searchedLastUse(id, name)).isAfter(inUseFrom));
  }

  @Test
  void searchShowsTheLastUseOfAKeepAliveAndOnlyTheFirstOfAnIntervalCostsMore() {
    String name = unique("searched-keep-alive");
    String id = activeAndLastUsedAnHourAgo(name);
    // Not within five seconds of the start of the cluster's next interval: both keep-alives
    // below fall in the same one.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Instant now = Instant.now();
              return lastUse
                  .intervalStart(id, now)
                  .equals(lastUse.intervalStart(id, now.plusSeconds(5)));
            });

    Api.Response alive = api.post("/cluster/" + id + "/keep-alive", null, Api.USER);
    assertThat(alive.status()).as(alive.raw()).isEqualTo(200);
    Instant kept = Instant.parse(alive.data().get("last_used_at").asString());
    // The next keep-alive of the interval is the one statement it always was: no outbox insert.
    SqlStatementCounter.start();
    Instant again;
    int statements;
    try {
      again = clusterService.keepAlive(id);
    } finally {
      statements = SqlStatementCounter.stop();
    }
    assertThat(statements).isEqualTo(1);
    assertThat(again).isAfter(kept);
    // The first one re-indexed the cluster: search shows its use (or the second's, if the indexer
    // read the row after it).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(searchedLastUse(id, name)).isIn(kept, again));
  }

  @Test
  void aFailingProbeStopsNothingAndIsAlertedOnce() {
    String id = create(body(unique("probe-fails"), 0));
    sandbox.ray().fail(id, 503);
    awaitStatus(id, "active");
    neverStoppedFor(id, Duration.ofSeconds(4));
    List<FakeSlack.Message> errors =
        slack(id).stream().filter(m -> m.text().startsWith("CLUSTER ERROR")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).text()).contains("Owner: user@example.com").contains("503");
    sandbox.ray().reset(id);
    awaitStatus(id, "inactive");
  }

  @Test
  void aProbeErrorSlackDidNotTakeIsAlertedAtTheNextSweep() {
    sandbox.slack().refuse("channel_not_found");
    String id;
    try {
      id = create(body(unique("probe-refused"), 0));
      sandbox.ray().fail(id, 503);
      awaitStatus(id, "active");
      // Refused twice: the first refusal's sweep has ended, and anything it kept is kept.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> sandbox.slack().refusedAbout(id).size() >= 2);
      // Raised again at the next sweep, so not kept to be sent again.
      assertThat(pendingAlerts(id)).isZero();
    } finally {
      sandbox.slack().accept();
    }
    awaitOneAlert(id, "CLUSTER ERROR");
    // Once: the sweeps after it find it sent.
    neverStoppedFor(id, Duration.ofSeconds(3));
    assertThat(slack(id)).filteredOn(m -> m.text().startsWith("CLUSTER ERROR")).hasSize(1);
    sandbox.ray().reset(id);
    awaitStatus(id, "inactive");
  }

  /**
   * The stop alert is raised once: one Slack did not take (down, or refusing the channel) used to
   * be lost, and the cluster's owner never told. It is kept and sent once Slack takes it again.
   */
  @Test
  void aStopAlertSlackDidNotTakeIsSentOnceSlackTakesItAgain() {
    sandbox.slack().refuse("channel_not_found");
    String id;
    try {
      id = create(body(unique("stop-refused"), 0));
      awaitStatus(id, "inactive");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  sandbox.slack().refusedAbout(id).stream()
                      .anyMatch(m -> m.text().startsWith("CLUSTER TERMINATED")));
      // Kept just after Slack's answer: waited for, not read at once.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(pendingAlerts(id)).isEqualTo(1));
      assertThat(slack(id)).isEmpty();
    } finally {
      sandbox.slack().accept();
    }
    awaitOneAlert(id, "CLUSTER TERMINATED");
    // Once: sent, it is no longer kept.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> slack(id).size() == 1 && pendingAlerts(id) == 0);
  }

  @Test
  void minusOneNeverStopsAndIsNotEvenProbed() {
    String id = create(body(unique("forever"), -1));
    awaitStatus(id, "active");
    neverStoppedFor(id, Duration.ofSeconds(3));
    assertThat(sandbox.ray().requestCount(id)).isZero();
  }

  @Test
  void longRunningAndCostlyClustersAreAlertedOncePerRun() {
    String id = create(body(unique("long"), 30));
    awaitStatus(id, "active");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(slack(id))
                  .anyMatch(m -> m.text().startsWith("CLUSTER RUNNING LONG ENV:sandbox"));
              assertThat(slack(id)).anyMatch(m -> m.text().startsWith("CLUSTER COST ENV:sandbox"));
            });
    // Several more sweeps: no duplicates within the window.
    neverStoppedFor(id, Duration.ofSeconds(3));
    assertThat(slack(id).stream().filter(m -> m.text().startsWith("CLUSTER RUNNING LONG")).count())
        .isEqualTo(1);
    assertThat(slack(id).stream().filter(m -> m.text().startsWith("CLUSTER COST")).count())
        .isEqualTo(1);
    assertThat(slack(id).get(0).text()).contains("Owner: user@example.com");
  }
}
