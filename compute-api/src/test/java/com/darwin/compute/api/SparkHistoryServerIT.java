package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.config.SlackProperties;
import com.darwin.compute.core.history.HistoryProperties;
import com.darwin.compute.core.history.HistoryServerDeployer;
import com.darwin.compute.core.history.HistoryServerEntity;
import com.darwin.compute.core.history.HistoryServerExpiry;
import com.darwin.compute.core.history.HistoryServerLeftover;
import com.darwin.compute.core.history.HistoryServerObserver;
import com.darwin.compute.core.history.HistoryServerRequests;
import com.darwin.compute.core.history.HistoryServerStore;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.model.history.HistoryServerRequest;
import com.darwin.compute.model.history.HistoryServerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Spark History Servers end to end over HTTP on the sandbox: every route of the Python service's
 * contract and every status (from the watch of the Deployment the sandbox's simulator drives), the
 * time to live (one unit is a second in the test profile), two replicas expiring at once, and bad
 * input refused before anything is stored or applied.
 */
class SparkHistoryServerIT extends ApiIntegrationTest {

  private static final String NAMESPACE = "ray";
  private static final String BASE = "/spark-history-server";
  private static final String EAST = "sandbox-east";
  private static final String EAST_NAMESPACE = "ray-east";

  @Autowired HistoryServerStore store;
  @Autowired HistoryServerDeployer deployer;
  @Autowired HistoryServerObserver observer;
  @Autowired KubernetesTargets targets;
  @Autowired AlertService alertService;
  @Autowired SlackProperties slack;
  @Autowired HistoryServerExpiry expiry;
  @Autowired HistoryServerRequests requests;
  @Autowired HistoryProperties historyProperties;
  @Autowired Clock clock;
  @Autowired JdbcTemplate jdbc;
  @Autowired LockProvider locks;

  /** A cluster to read the event logs of; it need not run. */
  private String cluster(String prefix) {
    return createStopped(prefix);
  }

  private Api.Response start(String body) {
    return api.post(BASE, body, Api.USER);
  }

  private String startFor(String clusterId, String extra) {
    Api.Response r =
        start("{\"resource\": \"" + clusterId + "\", \"user\": \"user@example.com\"" + extra + "}");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data().get("server_id").asString();
  }

  private JsonNode server(String id) {
    Api.Response r = api.get(BASE + "/" + id);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data();
  }

  private void awaitServerStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(server(id).get("status").asString()).isEqualTo(status));
  }

  private List<String> timeline(String id) {
    List<String> actions = new ArrayList<>();
    api.get(BASE + "/" + id + "/timeline")
        .data()
        .forEach(a -> actions.add(a.get("action").asString()));
    return actions;
  }

  private List<JsonNode> clusterEvents(String clusterId, String type) {
    List<JsonNode> events = new ArrayList<>();
    api.get("/cluster/" + clusterId + "/events?types=" + type)
        .data()
        .get("events")
        .forEach(events::add);
    return events;
  }

  private static String opts(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("SPARK_HISTORY_OPTS"))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  private List<String> ids(Api.Response list) {
    List<String> ids = new ArrayList<>();
    list.data().forEach(s -> ids.add(s.get("id").asString()));
    return ids;
  }

  @Test
  void everyRouteAndStatusOverHttp() {
    String clusterId = cluster("shs-life");
    sandbox.historyServers().hold(true);
    String id;
    try {
      Api.Response created =
          start("{\"resource\": \"" + clusterId + "\", \"user\": \"user@example.com\"}");
      assertThat(created.status()).as(created.raw()).isEqualTo(200);
      assertThat(created.message()).isEqualTo("Spark History Server Created Successfully");
      id = created.data().get("server_id").asString();
      assertThat(id).matches("shs-[a-z0-9]{16}");

      // Applied, its pod held Pending: created.
      JsonNode view = server(id);
      assertThat(view.get("status").asString()).isEqualTo("created");
      assertThat(view.get("resource").asString()).isEqualTo(clusterId);
      assertThat(view.get("user").asString()).isEqualTo("user@example.com");
      assertThat(view.get("ttl").asInt()).isEqualTo(60);
      assertThat(view.get("filesystem").asString()).isEqualTo("s3");
      assertThat(view.get("events_path").asString())
          .isEqualTo("s3a://darwin/darwin/temp/spark_history_server/" + clusterId);
      assertThat(view.get("cloud_env").asString()).isEqualTo("sandbox");
      assertThat(view.get("url").asString()).isEqualTo("http://localhost/sandbox/" + id + "/");
      assertThat(view.get("started_at").isNull()).isFalse();
      assertThat(Instant.parse(view.get("expires_at").asString()))
          .isAfter(Instant.parse(view.get("started_at").asString()));

      Deployment deployment = deployment(id);
      assertThat(deployment).isNotNull();
      assertThat(serviceExists(id)).isTrue();
      assertThat(opts(deployment))
          .contains(
              "-Dspark.history.fs.logDirectory=s3a://darwin/darwin/temp/spark_history_server/"
                  + clusterId)
          .contains("-Dspark.ui.proxyBase=/sandbox/" + id);
      assertThat(deployment.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "darwin-compute")
          .containsEntry("app.kubernetes.io/component", "spark-history-server");

      // The cluster's dashboards: its Spark UI and now its history server.
      JsonNode dashboards = api.get("/cluster/" + clusterId + "/dashboards").data();
      assertThat(dashboards.get("spark_ui_url").asString()).contains(clusterId + "-sparkui");
      assertThat(dashboards.get("spark_history_server_url").asString())
          .isEqualTo("http://localhost/sandbox/" + id + "/");
      assertThat(
              api.get("/cluster/" + clusterId)
                  .data()
                  .get("dashboards")
                  .get("data")
                  .get("spark_history_server_url")
                  .asString())
          .isEqualTo("http://localhost/sandbox/" + id + "/");
    } finally {
      sandbox.historyServers().hold(false);
    }
    // The pod turns ready: the watch of the Deployment makes it active.
    awaitServerStatus(id, "active");
    assertThat(timeline(id)).containsExactly("Created", "Active");

    // One server per resource: a running one is returned.
    Api.Response again = start("{\"resource\": \"" + clusterId + "\"}");
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.message()).isEqualTo("Spark History Server Already Exists");
    assertThat(again.data().get("server_id").asString()).isEqualTo(id);

    Api.Response byResource = api.get(BASE + "/resource/" + clusterId);
    assertThat(byResource.status()).isEqualTo(200);
    assertThat(byResource.data().get("id").asString()).isEqualTo(id);
    // Resources are exact: the collation's padding does not find it under a trailing space, nor
    // does a start for that resource take the cluster's server.
    assertThat(api.get(BASE + "/resource/" + clusterId + "%20").status()).isEqualTo(404);
    Api.Response padded =
        start("{\"resource\": \"" + clusterId + " \", \"user\": \"user@example.com\"}");
    assertThat(padded.status()).as(padded.raw()).isEqualTo(400);
    assertThat(ids(api.get(BASE + "?limit=1000&offset=0"))).contains(id);
    assertThat(ids(api.get(BASE + "/active?limit=1000&offset=0"))).contains(id);
    assertThat(api.get(BASE + "?limit=5&offset=0").message())
        .isEqualTo("All Spark History Servers from 0 to 5 Fetched Successfully");

    // Not deleted while it runs.
    Api.Response deleteRunning = api.delete(BASE + "/" + id, Api.USER);
    assertThat(deleteRunning.status()).as(deleteRunning.raw()).isEqualTo(409);
    assertThat(deleteRunning.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(server(id).get("status").asString()).isEqualTo("active");

    // Someone else may not stop it.
    Api.Response bob =
        api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.as("bob@example.com"));
    assertThat(bob.status()).as(bob.raw()).isEqualTo(403);

    Api.Response stopped = api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
    assertThat(stopped.message()).isEqualTo("Spark History Server Stopped Successfully");
    assertThat(stopped.data().get("server_id").asString()).isEqualTo(id);
    JsonNode inactive = server(id);
    assertThat(inactive.get("status").asString()).isEqualTo("inactive");
    assertThat(inactive.get("expires_at").isNull()).isTrue();
    assertThat(deployment(id)).isNull();
    assertThat(serviceExists(id)).isFalse();
    assertThat(ids(api.get(BASE + "/active?limit=1000&offset=0"))).doesNotContain(id);
    assertThat(
            api.get("/cluster/" + clusterId + "/dashboards").data().has("spark_history_server_url"))
        .isFalse();
    // The full view reads the server with its cluster (one statement): a stopped one has no link.
    assertThat(
            api.get("/cluster/" + clusterId)
                .data()
                .get("dashboards")
                .get("data")
                .has("spark_history_server_url"))
        .isFalse();

    assertThat(clusterEvents(clusterId, "SPARK_HISTORY_SERVER_STARTED")).hasSize(1);
    List<JsonNode> stoppedEvents = clusterEvents(clusterId, "SPARK_HISTORY_SERVER_STOPPED");
    assertThat(stoppedEvents).hasSize(1);
    assertThat(stoppedEvents.get(0).get("actor").asString()).isEqualTo("user@example.com");
    Api.Response stopAgain = api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    assertThat(stopAgain.status()).as(stopAgain.raw()).isEqualTo(409);
    Api.Response extendStopped = api.put(BASE + "/" + id + "/ttl", "{\"ttl\": 30}", Api.USER);
    assertThat(extendStopped.status()).as(extendStopped.raw()).isEqualTo(409);

    // A stopped one is started again, under the same id.
    Api.Response restarted = start("{\"resource\": \"" + clusterId + "\", \"ttl\": 120}");
    assertThat(restarted.status()).as(restarted.raw()).isEqualTo(200);
    assertThat(restarted.message()).isEqualTo("Spark History Server Updated Successfully");
    assertThat(restarted.data().get("server_id").asString()).isEqualTo(id);
    awaitServerStatus(id, "active");
    assertThat(server(id).get("ttl").asInt()).isEqualTo(120);
    assertThat(deployment(id)).isNotNull();

    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    Api.Response deleted = api.delete(BASE + "/" + id, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(deleted.message()).isEqualTo("Spark History Server Deleted Successfully");
    assertThat(api.get(BASE + "/" + id).status()).isEqualTo(404);
    assertThat(api.get(BASE + "/resource/" + clusterId).status()).isEqualTo(404);
    assertThat(api.delete(BASE + "/" + id, Api.USER).status()).isEqualTo(404);
    assertThat(api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER).status())
        .isEqualTo(404);
  }

  @Test
  void aDeploymentThatGivesUpIsFailedAndCanBeStartedAgain() {
    String clusterId = cluster("shs-fail");
    String id = startFor(clusterId, "");
    awaitServerStatus(id, "active");
    sandbox.historyServers().fail(NAMESPACE, id);
    awaitServerStatus(id, "failed");
    assertThat(server(id).get("status_message").asString()).contains("ProgressDeadlineExceeded");
    assertThat(timeline(id)).contains("Failed");
    assertThat(ids(api.get(BASE + "/active?limit=1000&offset=0"))).doesNotContain(id);

    Api.Response restarted = start("{\"resource\": \"" + clusterId + "\"}");
    assertThat(restarted.message()).isEqualTo("Spark History Server Updated Successfully");
    // Started again from a new Deployment: the stuck one is replaced.
    assertThat(restarted.data().get("server_id").asString()).isEqualTo(id);
    awaitServerStatus(id, "active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void aFailureMessageLongerThanItsColumnIsStoredShortened() {
    String id = startFor(cluster("shs-long-message"), "");
    // What Kubernetes says of a Deployment whose pods an admission webhook refused, listing every
    // violation, can run past the column (1,024 characters): the failure is recorded all the same.
    String message = "admission webhook denied the request: " + "violation; ".repeat(300);
    store.observe(id, null, HistoryServerStatus.FAILED, message);

    JsonNode failed = server(id);
    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("status_message").asString()).isEqualTo(message.substring(0, 1024));
    assertThat(timeline(id)).contains("Failed");
  }

  @Test
  void aStatusTheWatchFailedToWriteIsCaughtUpByTheRepairPassOnce() {
    String id = startFor(cluster("shs-catch-up"), "");
    try {
      awaitServerStatus(id, "active");
      // As if the watch's write of the ready Deployment had failed: the row still says created,
      // and the watch does not write that version again (a resync hands it over unchanged). The
      // scheduled pass waits: these are the passes.
      SimpleLock held = ScheduledJobLock.hold(locks, "spark-history-server-expiry");
      try {
        // A scheduled pass that ran while the watch was writing active saw this row disagree with
        // the same Deployment version the next pass sees: one pass while they agree forgets that.
        expiry.repair();
        jdbc.update("UPDATE spark_history_servers SET status = 'CREATED' WHERE id = ?", id);

        // Seen disagreeing by one pass (the watch may be writing it just then), written by the
        // next that sees the same (another, if the watch was reconnecting meanwhile).
        expiry.repair();
        assertThat(server(id).get("status").asString()).isEqualTo("created");
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  expiry.repair();
                  assertThat(server(id).get("status").asString()).isEqualTo("active");
                });
      } finally {
        held.unlock();
      }
      assertThat(timeline(id)).filteredOn("Active"::equals).hasSize(2);

      // In step again: a pass writes nothing.
      long version = versionOf(id);
      expiry.repair();
      expiry.repair();
      assertThat(versionOf(id)).isEqualTo(version);
      assertThat(timeline(id)).filteredOn("Active"::equals).hasSize(2);
    } finally {
      api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    }
  }

  @Test
  void aCatchUpJudgedFromARowChangedSinceWritesNothing() {
    String id = startFor(cluster("shs-catch-up-late"), "");
    try {
      awaitServerStatus(id, "active");
      // This test judges; a scheduled pass would catch the row it writes up with its Deployment.
      SimpleLock held = ScheduledJobLock.hold(locks, "spark-history-server-expiry");
      try {
        HistoryServerEntity read = store.get(id);
        // Written since the pass read it (by the watch, a stop, an extension): that is newer.
        jdbc.update("UPDATE spark_history_servers SET version = version + 1 WHERE id = ?", id);

        assertThat(store.catchUp(read, HistoryServerStatus.FAILED, "judged from an old read"))
            .isFalse();
        assertThat(server(id).get("status").asString()).isEqualTo("active");
        assertThat(timeline(id)).doesNotContain("Failed");
        // The same judgement on the row as it is now is written.
        assertThat(store.catchUp(store.get(id), HistoryServerStatus.FAILED, "judged now")).isTrue();
        assertThat(server(id).get("status").asString()).isEqualTo("failed");
      } finally {
        held.unlock();
      }
    } finally {
      api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    }
  }

  private long versionOf(String id) {
    return jdbc.queryForObject(
        "SELECT version FROM spark_history_servers WHERE id = ?", Long.class, id);
  }

  @Test
  void aLateEventOfAnEarlierStartsDeploymentDoesNotJudgeTheCurrentStart() {
    String stale = startFor(cluster("shs-stale-event"), "");
    String witness = startFor(cluster("shs-stale-witness"), "");
    awaitServerStatus(stale, "active");
    awaitServerStatus(witness, "active");
    // What the watch sees when a stop and a start follow each other quickly: the old Deployment
    // (an earlier start's) gives up after the new start was written. Its annotation says which
    // start it was applied for (the repair pass re-applies only a missing Deployment).
    Instant startedAt = store.get(stale).getStartedAt();
    assertThat(deployment(stale).getMetadata().getAnnotations())
        .containsEntry("darwin.io/started-at", startedAt.toString());
    annotateDeployment(
        stale, Map.of("darwin.io/started-at", startedAt.minusSeconds(60).toString()));
    sandbox.historyServers().fail(NAMESPACE, stale);
    // One watch (and one simulator thread) carries both Deployments' events in order: once the
    // witness's failure is recorded, the stale failure before it was judged too.
    sandbox.historyServers().fail(NAMESPACE, witness);
    awaitServerStatus(witness, "failed");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(deployment(stale).getStatus().getConditions())
                    .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason())));
    assertThat(server(stale).get("status").asString()).isEqualTo("active");
    assertThat(timeline(stale)).doesNotContain("Failed");
    api.put(BASE + "/stop?spark_history_server_id=" + stale, "", Api.USER);
  }

  @Test
  void aDeleteRemovesTheServersObjectsOrKeepsItsRow() {
    String clusterId = cluster("shs-delete-objects");
    String id = startFor(clusterId, "");
    awaitServerStatus(id, "active");
    // Its Deployment cannot be deleted (by the stop, the repair pass, or the delete) for now.
    sandbox.kubernetes().failWrites("/deployments/" + id);
    try {
      api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
      awaitServerStatus(id, "inactive");
      assertThat(deployment(id)).isNotNull();
      Api.Response refused = api.delete(BASE + "/" + id, Api.USER);
      assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
      // The row stays, so the repair pass still knows the objects are its.
      assertThat(api.get(BASE + "/" + id).status()).isEqualTo(200);
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    Api.Response deleted = api.delete(BASE + "/" + id, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(deployment(id)).isNull();
    assertThat(serviceExists(id)).isFalse();
    assertThat(api.get(BASE + "/" + id).status()).isEqualTo(404);
  }

  @Test
  void aServerWhoseTargetWasRemovedFromTheConfigurationCanStillBeDeleted() {
    String clusterId = cluster("shs-delete-retired");
    String id = startFor(clusterId, "");
    awaitServerStatus(id, "active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    awaitServerStatus(id, "inactive");
    // As after an operator took the target out of compute.kubernetes.targets.
    assertThat(
            jdbc.update(
                "UPDATE spark_history_servers SET cloud_env = 'retired-target' WHERE id = ?", id))
        .isEqualTo(1);

    Api.Response deleted = api.delete(BASE + "/" + id, Api.USER);

    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(api.get(BASE + "/" + id).status()).isEqualTo(404);
  }

  @Test
  void deletingAClusterStopsItsServer() {
    String clusterId = cluster("shs-cluster-deleted");
    String id = startFor(clusterId, ", \"ttl\": 1000");
    awaitServerStatus(id, "active");
    Api.Response deleted = api.delete("/cluster/" + clusterId, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);

    // Not left running out its time to live, with no cluster to start it again for.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(server(id).get("status").asString()).isEqualTo("inactive");
              assertThat(deployment(id)).isNull();
            });
    JsonNode entries = api.get(BASE + "/" + id + "/timeline").data();
    JsonNode stopped = entries.get(entries.size() - 1);
    assertThat(stopped.get("action").asString()).isEqualTo("Stopped");
    assertThat(stopped.get("message").asString())
        .isEqualTo("Stopped: its cluster " + clusterId + " was deleted");
    assertThat(expiry.stopThoseOfDeletedClusters()).doesNotContain(id);
  }

  @Test
  void theTimeToLiveStopsTheServerWithATimelineEntryAndAnAlert() {
    String clusterId = cluster("shs-ttl");
    String id = startFor(clusterId, ", \"ttl\": 2");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(server(id).get("status").asString()).isEqualTo("inactive"));
    assertThat(timeline(id)).last().isEqualTo("Expired");
    JsonNode entry = api.get(BASE + "/" + id + "/timeline").data();
    JsonNode expired = entry.get(entry.size() - 1);
    assertThat(expired.get("actor").asString()).isEqualTo("darwin-compute");
    assertThat(expired.get("message").asString()).contains("time to live of 2");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(deployment(id)).isNull();
              assertThat(sandbox.slack().messagesAbout(id)).hasSize(1);
            });
    assertThat(sandbox.slack().messagesAbout(id).get(0).text())
        .contains("SPARK HISTORY SERVER EXPIRED", clusterId, "user@example.com");
    // On the cluster's timeline too, as an auto-termination is.
    List<JsonNode> expiredEvents = clusterEvents(clusterId, "SPARK_HISTORY_SERVER_EXPIRED");
    assertThat(expiredEvents).hasSize(1);
    assertThat(expiredEvents.get(0).get("actor").asString()).isEqualTo("darwin-compute");
    assertThat(expiredEvents.get(0).get("message").asString()).contains(id, "time to live");
  }

  @Test
  void aRunningServerAskedForAgainLivesTheAskedTimeFromThen() throws Exception {
    String clusterId = cluster("shs-renew");
    // Asked for again 6 s into 12: a loaded machine has 6 s to get there, and the check a second
    // past the first deadline is at least 5 s before the renewed one.
    String id = startFor(clusterId, ", \"ttl\": 12");
    Instant first = Instant.parse(server(id).get("expires_at").asString());
    Thread.sleep(6_000);
    Api.Response again =
        start("{\"resource\": \"" + clusterId + "\", \"user\": \"user@example.com\", \"ttl\": 12}");
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.data().get("server_id").asString()).isEqualTo(id);
    Instant renewed = Instant.parse(server(id).get("expires_at").asString());
    assertThat(renewed).isAfterOrEqualTo(first.plusMillis(5_500));
    assertThat(timeline(id)).contains("Extended");
    // Past the first deadline it still runs; it ends at the renewed one.
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), first).toMillis()) + 1_000);
    assertThat(server(id).get("status").asString()).isIn("created", "active");
    awaitServerStatus(id, "inactive");
    // Asked for with a shorter time to live than it has left: not shortened.
    String other = startFor(cluster("shs-renew-short"), ", \"ttl\": 600");
    Instant long_ = Instant.parse(server(other).get("expires_at").asString());
    start(
        "{\"resource\": \""
            + server(other).get("resource").asString()
            + "\", \"user\": \"user@example.com\", \"ttl\": 5}");
    assertThat(Instant.parse(server(other).get("expires_at").asString())).isEqualTo(long_);
    api.put(BASE + "/stop?spark_history_server_id=" + other, "", Api.USER);
  }

  @Test
  void aServerAskedForAgainAndAgainIsExtendedAtMostOncePerTtlUnit() {
    // The test profile's ttl unit is a second: each renewal must move the deadline by more.
    String id = startFor(cluster("shs-asked-often"), ", \"ttl\": 600");
    String resource = server(id).get("resource").asString();
    long began = System.nanoTime();
    for (int i = 0; i < 12; i++) {
      Api.Response again =
          start(
              "{\"resource\": \"" + resource + "\", \"user\": \"user@example.com\", \"ttl\": 600}");
      assertThat(again.status()).as(again.raw()).isEqualTo(200);
      assertThat(again.data().get("server_id").asString()).isEqualTo(id);
    }
    long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
    assumeTrue(seconds < 5, "the 12 requests took " + seconds + " s: too slow to tell");
    long extended = timeline(id).stream().filter("Extended"::equals).count();
    assertThat(extended).isLessThanOrEqualTo(seconds + 1);
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void aShortLivedServerIsExtendedByLessThanAWholeTtlUnit() throws Exception {
    // 5 units (seconds here) to live: asked again 0.7 s later, it is moved (a tenth of its time),
    // though by less than a unit. Waiting for a whole unit, a one-minute server expired while
    // asked.
    String id = startFor(cluster("shs-short"), ", \"ttl\": 5");
    Instant first = Instant.parse(server(id).get("expires_at").asString());
    Thread.sleep(700);
    Api.Response again =
        start(
            "{\"resource\": \""
                + server(id).get("resource").asString()
                + "\", \"user\": \"user@example.com\", \"ttl\": 5}");
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(Instant.parse(server(id).get("expires_at").asString()))
        .isAfterOrEqualTo(first.plusMillis(700));
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void aUserExtendsTheTimeToLiveWithinTheMaximum() {
    String clusterId = cluster("shs-extend");
    // 8 s to live: the extension below comes after the start's own Kubernetes calls, which a
    // loaded machine may make take seconds.
    String id = startFor(clusterId, ", \"ttl\": 8");
    Api.Response extended = api.put(BASE + "/" + id + "/ttl", "{\"ttl\": 600}", Api.USER);
    assertThat(extended.status()).as(extended.raw()).isEqualTo(200);
    assertThat(extended.data().get("ttl").asInt()).isEqualTo(600);
    Instant expires = Instant.parse(extended.data().get("expires_at").asString());
    assertThat(expires).isAfter(Instant.now().plusSeconds(500));
    assertThat(timeline(id)).contains("Extended");

    Api.Response tooLong = api.put(BASE + "/" + id + "/ttl", "{\"ttl\": 100000}", Api.USER);
    assertThat(tooLong.status()).as(tooLong.raw()).isEqualTo(400);
    assertThat(tooLong.data().get("errors").get(0).get("field").asString()).isEqualTo("ttl");
    Api.Response none = api.put(BASE + "/" + id + "/ttl", "{}", Api.USER);
    assertThat(none.status()).as(none.raw()).isEqualTo(400);
    Api.Response bob = api.put(BASE + "/" + id + "/ttl", "{\"ttl\": 5}", Api.as("bob@example.com"));
    assertThat(bob.status()).as(bob.raw()).isEqualTo(403);

    // Past its first time to live it still runs.
    await().pollDelay(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(11)).until(() -> true);
    assertThat(server(id).get("status").asString()).isIn("created", "active");
    Api.Response admin =
        api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.as("admin@example.com"));
    assertThat(admin.status()).as(admin.raw()).isEqualTo(200);
  }

  @Test
  void concurrentStopsAreOneStopAndTheOthersSayItIsInactive() throws Exception {
    for (int round = 0; round < 3; round++) {
      String id = startFor(cluster("shs-stops"), "");
      List<Api.Response> stops =
          Concurrently.call(
              3, () -> api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER));
      int stopped = 0;
      for (Api.Response r : stops) {
        if (r.status() == 200) {
          stopped++;
        } else {
          // A refusal explains itself with the state that beat it, never "it is active".
          assertThat(r.status()).as(r.raw()).isEqualTo(409);
          assertThat(r.message()).contains("(it is inactive)");
        }
      }
      assertThat(stopped).isEqualTo(1);
    }
  }

  @Test
  void twoReplicasNeverBothStopOneServer() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(startFor(cluster("shs-race"), ", \"ttl\": 1"));
    }
    // A second replica: its own expiry job over the same database (the scheduled one of this
    // context is a third contender).
    HistoryServerExpiry other =
        new HistoryServerExpiry(
            store, deployer, observer, targets, alertService, slack, historyProperties, clock);
    List<String> stoppedByA = new CopyOnWriteArrayList<>();
    List<String> stoppedByB = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    replicas.submit(
        () -> {
          go.await();
          while (System.nanoTime() < until) {
            stoppedByA.addAll(expiry.expireDue());
          }
          return null;
        });
    replicas.submit(
        () -> {
          go.await();
          while (System.nanoTime() < until) {
            stoppedByB.addAll(other.expireDue());
          }
          return null;
        });
    go.countDown();
    replicas.shutdown();
    assertThat(replicas.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    for (String id : ids) {
      assertThat(server(id).get("status").asString()).isEqualTo("inactive");
      assertThat(timeline(id).stream().filter("Expired"::equals)).hasSize(1);
      assertThat(sandbox.slack().messagesAbout(id)).hasSize(1);
      assertThat(
              stoppedByA.stream().filter(id::equals).count()
                  + stoppedByB.stream().filter(id::equals).count())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsStoredOrApplied() {
    String clusterId = cluster("shs-bad");
    record Case(String body, int status, String field) {}
    List<Case> cases =
        List.of(
            new Case("{\"resource\": \"id-nosuchcluster00\"}", 400, "resource"),
            new Case(
                "{\"resource\": \"" + clusterId + "\", \"filesystem\": \"nfs\"}",
                400,
                "filesystem"),
            new Case(
                "{\"resource\": \"" + clusterId + "\", \"events_path\": \"s3n://bucket/x\"}",
                400,
                "events_path"),
            new Case(
                "{\"resource\": \"" + clusterId + "\", \"events_path\": \"s3://Bad_Bucket/x\"}",
                400,
                "events_path"),
            new Case(
                "{\"resource\": \"" + clusterId + "\", \"events_path\": \"s3://bucket/a/../../b\"}",
                400,
                "events_path"),
            new Case(
                "{\"resource\": \""
                    + clusterId
                    + "\", \"events_path\": \"s3://bucket/x;rm -rf /\"}",
                400,
                "events_path"),
            new Case(
                "{\"resource\": \""
                    + clusterId
                    + "\", \"filesystem\": \"efs\", \"events_path\": \"../other\"}",
                400,
                "events_path"),
            new Case(
                "{\"resource\": \""
                    + clusterId
                    + "\", \"filesystem\": \"efs\", \"events_path\": \"/etc/spark\"}",
                400,
                "events_path"),
            new Case("{\"resource\": \"" + clusterId + "\", \"ttl\": 0}", 400, "ttl"),
            new Case("{\"resource\": \"" + clusterId + "\", \"ttl\": 100000}", 400, "ttl"),
            new Case("{\"resource\": \"" + clusterId + "\", \"ttl\": 1.5}", 400, "ttl"),
            new Case(
                "{\"resource\": \"" + clusterId + "\", \"cloud_env\": \"nowhere\"}",
                400,
                "cloud_env"),
            new Case("{\"resource\": \"\"}", 400, "resource"),
            new Case(
                "{\"resource\": \"" + clusterId + "\", \"user\": \"bob@example.com\"}", 403, null),
            new Case("{\"resource\": ", 400, null));
    for (Case c : cases) {
      Api.Response r = start(c.body());
      assertThat(r.status()).as(c.body() + " -> " + r.raw()).isEqualTo(c.status());
      assertThat(r.body().get("status").asString()).isEqualTo("ERROR");
      if (c.field() != null) {
        assertThat(r.data().get("errors").get(0).get("field").asString())
            .as(r.raw())
            .isEqualTo(c.field());
      }
    }
    // Bob may not read the event logs of a cluster that is not shared with him.
    Api.Response bob =
        api.post(BASE, "{\"resource\": \"" + clusterId + "\"}", Api.as("bob@example.com"));
    assertThat(bob.status()).as(bob.raw()).isEqualTo(403);
    assertThat(bob.message()).contains("not shared with you");
    // Nor through a server of his own cluster pointed at that cluster's folder of the event log
    // area, or at the whole area (every cluster's logs) or a path above it.
    String bobs =
        api.post(
                "/cluster",
                ClusterRequests.stoppedQuickStart(unique("shs-bobs"))
                    .replace("user@example.com", "bob@example.com"),
                Api.as("bob@example.com"))
            .data()
            .get("cluster_id")
            .asString();
    String area = historyProperties.s3EventsPath();
    String bucket = area.substring(0, area.indexOf('/', "s3a://".length()));
    for (String path :
        new String[] {area + "/" + clusterId, area + "/" + clusterId + "/app-1", area, bucket}) {
      Api.Response elsewhere =
          api.post(
              BASE,
              "{\"resource\": \"" + bobs + "\", \"events_path\": \"" + path + "\"}",
              Api.as("bob@example.com"));
      assertThat(elsewhere.status()).as(path + " -> " + elsewhere.raw()).isEqualTo(403);
    }
    // Nor at the folder of a cluster that is gone, whose right to read nobody can tell any more.
    Api.Response deletedFolder =
        api.post(
            BASE,
            "{\"resource\": \""
                + bobs
                + "\", \"events_path\": \""
                + area
                + "/id-deletedcluster0000/app-1\"}",
            Api.as("bob@example.com"));
    assertThat(deletedFolder.status()).as(deletedFolder.raw()).isEqualTo(403);
    assertThat(deletedFolder.message()).contains("folder of no cluster or project");
    // Nor on a Kubernetes target reserved to others (compute.access.grants.cloud-envs), where his
    // cluster could not go either.
    Api.Response reserved =
        api.post(
            BASE,
            "{\"resource\": \"" + bobs + "\", \"cloud_env\": \"" + EAST + "\"}",
            Api.as("bob@example.com"));
    assertThat(reserved.status()).as(reserved.raw()).isEqualTo(403);
    assertThat(reserved.message()).contains("cloud_env " + EAST);
    Api.Response anonymous =
        api.post(BASE, "{\"resource\": \"" + clusterId + "\"}", Api.NO_IDENTITY);
    assertThat(anonymous.status()).as(anonymous.raw()).isEqualTo(401);
    // Nothing half-created: no row, no objects.
    assertThat(api.get(BASE + "/resource/" + clusterId).status()).isEqualTo(404);
    assertThat(
            sandbox
                .kubernetes()
                .client()
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withLabel("darwin.io/resource", clusterId)
                .list()
                .getItems())
        .isEmpty();
    assertThat(api.get(BASE + "?limit=0").status()).isEqualTo(400);
    assertThat(api.get(BASE + "?limit=10&offset=-1").status()).isEqualTo(400);
    assertThat(api.get(BASE + "?limit=abc").status()).isEqualTo(400);
    assertThat(api.get(BASE + "/shs-nosuchserver0000").status()).isEqualTo(404);
    assertThat(api.put(BASE + "/stop", "", Api.USER).status()).isEqualTo(400);
  }

  @Test
  void objectsRefusedForGoodAreA502ThatInvitesNoRetry() {
    String clusterId = cluster("shs-k8s-rbac");
    // As RBAC without the verb answers: the same start fails again until an operator acts.
    sandbox.kubernetes().refuseWrites("/services", 403);
    try {
      Api.Response refused = start("{\"resource\": \"" + clusterId + "\"}");
      assertThat(refused.status()).as(refused.raw()).isEqualTo(502);
      assertThat(refused.data().get("code").asString()).isEqualTo("KUBERNETES_REFUSED");
      assertThat(refused.message())
          .endsWith(": Kubernetes answered 403: injected refusal 403 (sandbox fault)");
      JsonNode failed = api.get(BASE + "/resource/" + clusterId).data();
      assertThat(failed.get("status").asString()).isEqualTo("failed");
      assertThat(deployment(failed.get("id").asString())).isNull();
    } finally {
      sandbox.kubernetes().clearFaults();
    }
  }

  @Test
  void aKubernetesApiThatRefusesTheObjectsLeavesAFailedServerAndNothingApplied() {
    String clusterId = cluster("shs-k8s-down");
    sandbox.kubernetes().failWrites("/services");
    String id;
    try {
      Api.Response refused = start("{\"resource\": \"" + clusterId + "\"}");
      assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
      assertThat(refused.data().get("code").asString()).isEqualTo("KUBERNETES_UNAVAILABLE");
      // The API server's code and words, not its address nor the client's dump of the request.
      assertThat(refused.message())
          .endsWith(": Kubernetes answered 500: injected failure (sandbox fault)")
          .doesNotContain("Failure executing", "http://", "https://", "Received status");
      JsonNode failed = api.get(BASE + "/resource/" + clusterId).data();
      id = failed.get("id").asString();
      assertThat(failed.get("status").asString()).isEqualTo("failed");
      // The Deployment made before the Service failed was removed again.
      assertThat(deployment(id)).isNull();
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    Api.Response again = start("{\"resource\": \"" + clusterId + "\"}");
    assertThat(again.message()).isEqualTo("Spark History Server Updated Successfully");
    awaitServerStatus(id, "active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void aStartStillBeingAppliedIsLeftToItsRequestByTheRepairPass() {
    // The row of a start whose request has not applied (or has just removed) its objects yet.
    Caller caller = Caller.user("user@example.com", "test");
    HistoryServerStore.Started started =
        store.start(
            requests.plan(HistoryServerRequest.of(cluster("shs-in-flight"), null), caller),
            caller.actor());
    String id = started.server().getId();
    String target = started.server().getCloudEnv();
    await().atMost(Duration.ofSeconds(30)).until(() -> observer.hasSynced(target));
    expiry.repair();
    assertThat(deployment(id)).isNull();
    store.stop(id, caller.actor());
  }

  @Test
  void aLeftoverJudgedBeforeTheUserStartedTheServerAgainKeepsItsNewObjects() {
    Caller caller = Caller.user("user@example.com", "test");
    String clusterId = cluster("shs-leftover-restarted");
    String id = startFor(clusterId, "");
    awaitServerStatus(id, "active");
    // The calls below are the passes: a scheduled one would delete the leftovers first.
    SimpleLock held = ScheduledJobLock.hold(locks, "spark-history-server-expiry");
    try {
      // Stopped with its objects left behind (as a stop whose delete failed): the repair pass
      // judges them leftovers from the watch cache ...
      store.stop(id, caller.actor());
      List<HistoryServerLeftover> judged =
          List.of(new HistoryServerLeftover("sandbox", masterUrl(), NAMESPACE, id, null));
      // ... and before it deletes them the user starts the server again: the start deletes the
      // old objects and applies new ones under the same names.
      Api.Response again = start("{\"resource\": \"" + clusterId + "\"}");
      assertThat(again.status()).as(again.raw()).isEqualTo(200);
      Deployment fresh = deployment(id);
      assertThat(fresh).isNotNull();

      assertThat(expiry.deleteLeftovers(judged)).isEmpty();
      Deployment kept = deployment(id);
      assertThat(kept).isNotNull();
      assertThat(kept.getMetadata().getUid()).isEqualTo(fresh.getMetadata().getUid());
      assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
      assertThat(serviceExists(id)).isTrue();

      // Stopped again with its objects left behind: now they are leftovers, and deleted.
      store.stop(id, caller.actor());
      assertThat(expiry.deleteLeftovers(judged)).containsExactly(id);
    } finally {
      held.unlock();
    }
    awaitObjectsGone(id);
  }

  @Test
  void objectsLeftOnATargetTheServerMovedAwayFromAreRemovedByTheRepairPass() {
    String clusterId = cluster("shs-moved");
    String id = startFor(clusterId, "");
    awaitServerStatus(id, "active");
    // The Deployment cannot be deleted from this target (only this one) for now: not by the stop,
    // nor by the repair pass (every 300 ms here) before the server has moved.
    sandbox.kubernetes().failWrites("/namespaces/" + NAMESPACE + "/deployments/" + id);
    try {
      Api.Response stopped = api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
      assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
      // Started again on the other target: what is left on the first is no longer its.
      Api.Response moved =
          start("{\"resource\": \"" + clusterId + "\", \"cloud_env\": \"" + EAST + "\"}");
      assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
      awaitServerStatus(id, "active");
      assertThat(deployment(id)).as("left on the first target").isNotNull();
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    String eastUid = eastDeployment(id).getMetadata().getUid();

    // Once the new start is past the repair grace, the pass deletes the first target's Deployment.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deployment(id)).isNull());
    assertThat(eastDeployment(id).getMetadata().getUid()).isEqualTo(eastUid);
    assertThat(server(id).get("status").asString()).isEqualTo("active");
    assertThat(server(id).get("cloud_env").asString()).isEqualTo(EAST);
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    assertThat(eastDeployment(id)).isNull();
  }

  @Test
  void deletingAServerRemovesWhatAnEarlierStartLeftOnAnotherTarget() {
    String clusterId = cluster("shs-moved-deleted");
    String id = startFor(clusterId, "");
    awaitServerStatus(id, "active");
    // The repair pass would remove the first target's Deployment while the row accounts for it:
    // held, only the delete can.
    SimpleLock held = ScheduledJobLock.hold(locks, "spark-history-server-expiry");
    try {
      sandbox.kubernetes().failWrites("/namespaces/" + NAMESPACE + "/deployments/" + id);
      try {
        Api.Response stopped = api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        Api.Response moved =
            start("{\"resource\": \"" + clusterId + "\", \"cloud_env\": \"" + EAST + "\"}");
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        awaitServerStatus(id, "active");
      } finally {
        sandbox.kubernetes().clearFaults();
      }
      assertThat(deployment(id)).as("left on the first target").isNotNull();
      assertThat(api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER).status())
          .isEqualTo(200);

      Api.Response deleted = api.delete(BASE + "/" + id, Api.USER);
      assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
      assertThat(deployment(id)).as("what the first start left").isNull();
      assertThat(eastDeployment(id)).isNull();
    } finally {
      held.unlock();
    }
  }

  @Test
  void aLeftoverWhoseDeploymentCannotBeDeletedKeepsItsServiceForTheNextRun() {
    Caller caller = Caller.user("user@example.com", "test");
    String id = startFor(cluster("shs-left-refused"), "");
    awaitServerStatus(id, "active");
    List<HistoryServerLeftover> judged =
        List.of(new HistoryServerLeftover("sandbox", masterUrl(), NAMESPACE, id, null));
    // Set before the stop, so neither this call nor the scheduled pass can delete the Deployment.
    sandbox.kubernetes().failWrites("/namespaces/" + NAMESPACE + "/deployments/" + id);
    try {
      store.stop(id, caller.actor());
      assertThat(expiry.deleteLeftovers(judged)).isEmpty();
      assertThat(deployment(id)).isNotNull();
      // The Service goes only with its Deployment: alone, no later run would find it (runs find
      // leftovers by their Deployments).
      assertThat(serviceExists(id)).isTrue();
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    expiry.deleteLeftovers(judged); // or the scheduled pass, whichever comes first
    awaitObjectsGone(id);
  }

  @Test
  void itsOwnDeploymentSeenThroughAnotherAddressOfItsApiServerIsKept() {
    String id = startFor(cluster("shs-alias"), "");
    awaitServerStatus(id, "active");
    String uid = deployment(id).getMetadata().getUid();
    Instant startedAt = store.get(id).getStartedAt();
    // Past the repair grace: only the object's identity can tell it is the running start's.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> clock.instant().isAfter(startedAt.plus(historyProperties.repairGrace())));
    // As a watch through a second address of the same API server may still have it after this
    // pass re-applied it over an earlier start's: that start's, elsewhere by address.
    HistoryServerLeftover seenElsewhere =
        new HistoryServerLeftover(
            EAST,
            "https://a-second-address-of-the-same-api-server/",
            NAMESPACE,
            id,
            startedAt.minusSeconds(60));

    assertThat(expiry.deleteLeftovers(List.of(seenElsewhere))).isEmpty();
    assertThat(deployment(id)).isNotNull();
    assertThat(serviceExists(id)).isTrue();
    assertThat(deployment(id).getMetadata().getUid()).isEqualTo(uid);
    assertThat(server(id).get("status").asString()).isEqualTo("active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  /** Sets annotations on a server's Deployment, as something other than the control plane. */
  private void awaitObjectsGone(String id) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(deployment(id)).isNull();
              assertThat(serviceExists(id)).isFalse();
            });
  }

  private String masterUrl() {
    return sandbox.kubernetes().client().getMasterUrl().toString();
  }

  private Deployment eastDeployment(String id) {
    return sandbox
        .kubernetes()
        .client()
        .apps()
        .deployments()
        .inNamespace(EAST_NAMESPACE)
        .withName(id)
        .get();
  }

  @Test
  void aLostDeploymentJudgedBeforeTheUserStoppedTheServerIsNotAppliedAgain() {
    String id = startFor(cluster("shs-lost-stopped"), "");
    awaitServerStatus(id, "active");
    // The row as the repair pass read it (running), judged to have lost its Deployment.
    HistoryServerEntity judged = store.get(id);
    assertThat(expiry.reapply(List.of(judged))).containsExactly(id);
    assertThat(deployment(id)).isNotNull();

    // The user stops it (row, then objects) before the repair pass re-applies.
    Api.Response stopped = api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
    assertThat(deployment(id)).isNull();

    assertThat(expiry.reapply(List.of(judged))).isEmpty();
    assertThat(deployment(id)).isNull();
    assertThat(serviceExists(id)).isFalse();
  }

  @Test
  void aDeploymentDeletedBehindTheControlPlanesBackIsAppliedAgain() {
    String id = startFor(cluster("shs-lost"), "");
    awaitServerStatus(id, "active");
    sandbox.kubernetes().client().apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Deployment again = deployment(id);
              assertThat(again).isNotNull();
              assertThat(again.getMetadata().getDeletionTimestamp()).isNull();
            });
    assertThat(server(id).get("status").asString()).isIn("created", "active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  private Resource<Service> serviceNamed(String id) {
    return sandbox.kubernetes().client().services().inNamespace(NAMESPACE).withName(id);
  }

  private static List<String> ownerUids(Service service) {
    return service.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList();
  }

  @Test
  void aServiceDeletedBehindTheControlPlanesBackIsAppliedAgainOwnedByItsDeployment() {
    String id = startFor(cluster("shs-lost-service"), "");
    awaitServerStatus(id, "active");
    String uid = deployment(id).getMetadata().getUid();
    // Owned by the Deployment, so Kubernetes deletes it with the Deployment however that goes.
    assertThat(ownerUids(serviceNamed(id).get())).containsExactly(uid);

    serviceNamed(id).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Service again = serviceNamed(id).get();
              assertThat(again).isNotNull();
              assertThat(ownerUids(again)).containsExactly(uid);
            });
    assertThat(deployment(id).getMetadata().getUid()).isEqualTo(uid);
    assertThat(server(id).get("status").asString()).isEqualTo("active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  /** Removes a Service's owners, and stamps it with another render's hash when {@code hash}. */
  private Service disown(String id, String hash) {
    return serviceNamed(id)
        .edit(
            service -> {
              var metadata = new ServiceBuilder(service).editMetadata().withOwnerReferences();
              if (hash != null) {
                metadata.addToAnnotations("darwin.io/spec-hash", hash);
              }
              return metadata.endMetadata().build();
            });
  }

  @Test
  void aServiceNotOwnedByItsDeploymentIsGivenItAsOwner() {
    String id = startFor(cluster("shs-unowned-service"), "");
    awaitServerStatus(id, "active");
    String uid = deployment(id).getMetadata().getUid();
    // As an earlier version of the control plane applied it: no owner, and its own render's hash.
    assertThat(ownerUids(disown(id, "a-render-without-owner"))).isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ownerUids(serviceNamed(id).get())).containsExactly(uid));

    // Its owner removed by hand, the hash left as applied (so a comparison of hashes sees nothing).
    assertThat(ownerUids(disown(id, null))).isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ownerUids(serviceNamed(id).get())).containsExactly(uid));
    assertThat(deployment(id).getMetadata().getUid()).isEqualTo(uid);
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void aServiceThatCannotBeWrittenAgainLeavesItsRunningServerAsItIs() {
    String id = startFor(cluster("shs-service-refused"), "");
    awaitServerStatus(id, "active");
    String uid = deployment(id).getMetadata().getUid();
    // Not owned, and its writes refused from then on (again if the pass owned it in between).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              sandbox.kubernetes().clearFaults();
              disown(id, "a-render-without-owner");
              sandbox.kubernetes().failWrites("/services/" + id);
              return ownerUids(serviceNamed(id).get()).isEmpty();
            });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.kubernetes().refusedWrites() >= 2);
      // Its Deployment is left in place (a failed Service write used to remove both objects).
      assertThat(deployment(id)).isNotNull();
      assertThat(deployment(id).getMetadata().getUid()).isEqualTo(uid);
      assertThat(server(id).get("status").asString()).isEqualTo("active");
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ownerUids(serviceNamed(id).get())).containsExactly(uid));
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void aServiceAStopLeftWithoutItsDeploymentIsRemovedByTheRepairPass() {
    String id = startFor(cluster("shs-orphan-service"), "");
    awaitServerStatus(id, "active");
    // The stop's Service delete fails; its Deployment's succeeds (as with a garbage collector that
    // is not running, or a Service applied before Services were owned by their Deployment).
    sandbox.kubernetes().failWrites("/services/" + id);
    try {
      api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
      awaitServerStatus(id, "inactive");
      assertThat(deployment(id)).isNull();
      assertThat(serviceExists(id)).isTrue();
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(serviceExists(id)).isFalse());
    assertThat(api.get(BASE + "/" + id).status()).isEqualTo(200);
  }

  @Test
  void aServiceOfNoServerIsLeftAlone() {
    String id = "shs-norow0123456789";
    serviceNamed(id)
        .create(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(id)
                .withNamespace(NAMESPACE)
                .addToLabels("app.kubernetes.io/managed-by", "darwin-compute")
                .addToLabels("app.kubernetes.io/component", "spark-history-server")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(18080)
                .endPort()
                .endSpec()
                .build());
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  observer.services("sandbox").stream()
                      .anyMatch(s -> s.getMetadata().getName().equals(id)));
      // Not this control plane's to judge: a delete removes the objects before the row.
      expiry.repair();
      assertThat(serviceExists(id)).isTrue();
    } finally {
      serviceNamed(id).delete();
    }
  }

  @Test
  void anEarlierStartsDeploymentLeftInPlaceOfTheCurrentOneIsAppliedAgain() {
    String id = startFor(cluster("shs-earlier-left"), "");
    awaitServerStatus(id, "active");
    Instant startedAt = store.get(id).getStartedAt();
    // What a late apply of an earlier start leaves when it cannot read the row afterwards: that
    // start's Deployment, stamped with its own hash, where the current start's was.
    annotateDeployment(
        id,
        Map.of(
            "darwin.io/started-at",
            startedAt.minusSeconds(60).toString(),
            "darwin.io/spec-hash",
            "an-earlier-render"));
    // Once the start is past the repair grace, the pass puts the current start's back.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(deployment(id).getMetadata().getAnnotations())
                    .containsEntry("darwin.io/started-at", startedAt.toString()));
    assertThat(server(id).get("status").asString()).isEqualTo("active");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void eventLogsComeFromTheNormalisedS3PrefixOrTheUsersWorkspace() {
    String s3Cluster = cluster("shs-s3");
    String s3 = startFor(s3Cluster, ", \"events_path\": \"s3://team-bucket/spark/logs/\"");
    assertThat(server(s3).get("events_path").asString()).isEqualTo("s3a://team-bucket/spark/logs");
    String bare = startFor(cluster("shs-bare"), ", \"events_path\": \"/team-bucket/logs\"");
    assertThat(server(bare).get("events_path").asString()).isEqualTo("s3a://team-bucket/logs");
    // A folder of the shared event log area that the caller may read: their own cluster's.
    String own = cluster("shs-own");
    String ownFolder = historyProperties.s3EventsPath() + "/" + own + "/attempt-2";
    String inArea = startFor(own, ", \"events_path\": \"" + ownFolder + "\"");
    assertThat(server(inArea).get("events_path").asString()).isEqualTo(ownFolder);

    String efsCluster = cluster("shs-efs");
    String efs = startFor(efsCluster, ", \"filesystem\": \"efs\"");
    JsonNode view = server(efs);
    assertThat(view.get("filesystem").asString()).isEqualTo("efs");
    assertThat(view.get("events_path").asString())
        .isEqualTo("/home/ray/fsx/spark/eventlogs/" + efsCluster);
    Deployment deployment = deployment(efs);
    var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().get(0);
    // The user's workspace claim (the one the user's clusters mount), never a random one.
    assertThat(volume.getPersistentVolumeClaim().getClaimName())
        .startsWith("workspace-user-user-example-com-");
    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
    assertThat(opts(deployment))
        .contains(
            "-Dspark.history.fs.logDirectory=file:/home/ray/fsx/spark/eventlogs/" + efsCluster);
    // The Python form of a workspace path is accepted too.
    String pythonForm =
        startFor(
            cluster("shs-fsx"), ", \"filesystem\": \"efs\", \"events_path\": \"fsx/spark/mine\"");
    assertThat(server(pythonForm).get("events_path").asString())
        .isEqualTo("/home/ray/fsx/spark/mine");

    // A configured project is a resource too.
    Api.Response project = start("{\"resource\": \"analytics-project\"}");
    assertThat(project.status()).as(project.raw()).isEqualTo(200);
    String projectId = project.data().get("server_id").asString();
    assertThat(server(projectId).get("events_path").asString())
        .isEqualTo("s3a://darwin/darwin/temp/spark_history_server/analytics-project");
    for (String id : List.of(s3, bare, efs, pythonForm, projectId)) {
      api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
    }
  }

  /**
   * A cluster writes its event logs to its own workspace (its owner's here), so its server mounts
   * that one whoever starts it; one shared with them may read the cluster's event log folder, not
   * the rest of its owner's workspace.
   */
  @Test
  void onTheWorkspaceAClustersServerReadsTheClustersWorkspaceWhoeverStartsIt() {
    String alice = Api.as("alice@example.com");
    String clusterId =
        create(
            ClusterRequests.stoppedQuickStart(unique("shs-alices"))
                .replace("user@example.com", "alice@example.com"));
    Api.Response shared =
        api.put(
            "/cluster/" + clusterId + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"user@example.com\", \"level\":"
                + " \"can_attach\"}",
            alice);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);

    Api.Response elsewhere =
        start(
            "{\"resource\": \""
                + clusterId
                + "\", \"filesystem\": \"efs\", \"events_path\": \"fsx/private/notes\"}");
    assertThat(elsewhere.status()).as(elsewhere.raw()).isEqualTo(403);
    assertThat(elsewhere.raw()).contains("alice@example.com", "/spark/eventlogs/" + clusterId);

    String id =
        startFor(
            clusterId,
            ", \"filesystem\": \"efs\", \"events_path\": \"fsx/spark/eventlogs/"
                + clusterId
                + "/attempt-1\"");
    var volume = deployment(id).getSpec().getTemplate().getSpec().getVolumes().get(0);
    assertThat(volume.getPersistentVolumeClaim().getClaimName())
        .startsWith("workspace-user-alice-example-com-");
    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
    assertThat(opts(deployment(id)))
        .contains(
            "-Dspark.history.fs.logDirectory=file:/home/ray/fsx/spark/eventlogs/"
                + clusterId
                + "/attempt-1");
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }

  @Test
  void theManifestAndItsPreview() throws Exception {
    String clusterId = cluster("shs-manifest");
    String id = startFor(clusterId, "");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> yaml =
        http.send(
            HttpRequest.newBuilder(URI.create(api.base() + BASE + "/" + id + "/manifest"))
                .header("msd-user", Api.USER)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.body())
        .contains("kind: \"Deployment\"", "kind: \"Service\"", "name: \"" + id + "\"");

    Api.Response json =
        api.send("GET", BASE + "/" + id + "/manifest", Api.USER, "Accept", "application/json");
    assertThat(json.status()).as(json.raw()).isEqualTo(200);
    assertThat(json.data().get(0).get("kind").asString()).isEqualTo("Deployment");
    // Once the watch holds the Deployment, the Service is shown owned by it, as applied.
    awaitServerStatus(id, "active");
    JsonNode service =
        api.send("GET", BASE + "/" + id + "/manifest", Api.USER, "Accept", "application/json")
            .data()
            .get(1);
    assertThat(service.get("kind").asString()).isEqualTo("Service");
    assertThat(service.get("metadata").get("ownerReferences").get(0).get("uid").asString())
        .isEqualTo(deployment(id).getMetadata().getUid());

    HttpResponse<String> preview =
        http.send(
            HttpRequest.newBuilder(URI.create(api.base() + BASE + "/manifest"))
                .header("msd-user", Api.USER)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"resource\": \"analytics-project\", \"filesystem\": \"efs\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    assertThat(preview.body()).contains("shs-preview000000000", "persistentVolumeClaim");
    assertThat(deployment("shs-preview000000000")).isNull();
    Api.Response badPreview =
        api.post(BASE + "/manifest", "{\"resource\": \"id-unknown\"}", Api.USER);
    assertThat(badPreview.status()).isEqualTo(400);
    api.put(BASE + "/stop?spark_history_server_id=" + id, "", Api.USER);
  }
}
