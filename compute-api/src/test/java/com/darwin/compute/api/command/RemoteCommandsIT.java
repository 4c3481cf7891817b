package com.darwin.compute.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.api.Concurrently;
import com.darwin.compute.api.ScheduledJobLock;
import com.darwin.compute.core.command.CommandWork;
import com.darwin.compute.core.podexec.LivePod;
import com.darwin.compute.core.podexec.PodTaskRunner;
import com.darwin.compute.core.podexec.PodTaskStore;
import com.darwin.compute.core.podexec.PodWork;
import com.darwin.compute.sandbox.SimulatedPodShell;
import com.darwin.compute.sandbox.SimulatedPodShell.ExecPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Remote commands end to end over HTTP, run in the sandbox's simulated pods. */
class RemoteCommandsIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired PodTaskStore podTasks;
  @Autowired CommandWork commandWork;
  @Autowired LockProvider locks;

  private String running(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    return id;
  }

  private String stopped(String prefix) {
    return createStopped(prefix);
  }

  private Api.Response execute(String clusterId, String body, String who) {
    return api.post("/cluster/" + clusterId + "/command/execute", body, who);
  }

  private JsonNode status(String clusterId, String executionId) {
    Api.Response r = api.get("/cluster/" + clusterId + "/command/" + executionId + "/status");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data();
  }

  private void awaitCommand(String clusterId, String executionId, String expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(status(clusterId, executionId).get("status").asString())
                    .isEqualTo(expected));
  }

  private List<String> pods(String clusterId, String nodeType) {
    List<String> names = new ArrayList<>();
    api.get("/cluster/" + clusterId + "/pods")
        .data()
        .get("pods")
        .forEach(
            p -> {
              if (p.get("ready").asBoolean()
                  && (nodeType == null || nodeType.equals(p.get("node_type").asString()))) {
                names.add(p.get("name").asString());
              }
            });
    return names;
  }

  private List<String> podsThatRan(String fragment) {
    return sandbox.podShell().executionsMentioning(fragment).stream()
        .map(SimulatedPodShell.Execution::pod)
        .toList();
  }

  @Test
  void aCommandRunsOnItsTargetPodsAndIsOnTheTimelineWithWhoRanItButNotItsLines() {
    String id = running("cmd-head");
    String marker = "hello-" + Long.toString(System.nanoTime(), 36);
    Api.Response accepted =
        execute(
            id,
            "{\"command\": [\"echo "
                + marker
                + "\", \"nvidia-smi\"], \"target\": \"head\", \"timeout\": 60}",
            Api.USER);
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
    assertThat(accepted.message()).isEqualTo("Command Execution Started Successfully");
    String executionId = accepted.data().get("execution_id").asString();
    awaitCommand(id, executionId, "success");

    assertThat(podsThatRan(marker)).containsExactlyElementsOf(pods(id, "head"));
    SimulatedPodShell.Execution run = sandbox.podShell().executionsMentioning(marker).get(0);
    assertThat(run.program()).containsExactly("/bin/sh", "-c", "echo " + marker + "\nnvidia-smi");
    assertThat(run.timeLimit()).contains(Duration.ofSeconds(60));
    JsonNode status = status(id, executionId);
    assertThat(status.get("execution_id").asString()).isEqualTo(executionId);
    assertThat(status.get("pods")).hasSize(1);
    assertThat(status.get("pods").get(0).get("exit_code").asInt()).isZero();

    JsonNode listed = api.get("/cluster/" + id + "/commands").data().get("remote_commands").get(0);
    assertThat(listed.get("execution_id").asString()).isEqualTo(executionId);
    assertThat(listed.get("command").asString()).isEqualTo("echo " + marker + " ; nvidia-smi");
    assertThat(listed.get("target").asString()).isEqualTo("head");
    assertThat(listed.get("timeout").asInt()).isEqualTo(60);
    assertThat(listed.get("status").asString()).isEqualTo("success");
    // How it ran on each pod, but not what the pods wrote: the status route has that.
    assertThat(listed.get("pods")).hasSize(1);
    assertThat(listed.get("pods").get(0).get("pod_name").asString())
        .isEqualTo(status.get("pods").get(0).get("pod_name").asString());
    assertThat(listed.get("pods").get(0).get("exit_code").asInt()).isZero();
    assertThat(listed.get("pods").get(0).get("log").isNull()).isTrue();
    assertThat(status.get("pods").get(0).get("log").asString()).startsWith("simulated:");

    JsonNode events =
        api.get("/cluster/" + id + "/events?types=REMOTE_COMMAND_EXECUTED").data().get("events");
    assertThat(events).hasSize(1);
    // Who ran which command where; its lines (they may hold a secret) only on the command routes.
    assertThat(events.get(0).toString())
        .contains("user@example.com")
        .contains(executionId)
        .contains("on head (timeout 60s, 2 lines)")
        .doesNotContain(marker);
  }

  @Test
  void workerTargetsAndFailures() {
    String id = running("cmd-worker");
    String marker = "wk-" + Long.toString(System.nanoTime(), 36);
    String executionId =
        execute(id, "{\"command\": [\"echo " + marker + "\"], \"target\": \"worker\"}", Api.USER)
            .data()
            .get("execution_id")
            .asString();
    awaitCommand(id, executionId, "success");
    assertThat(podsThatRan(marker)).containsExactlyInAnyOrderElementsOf(pods(id, "worker"));
    assertThat(sandbox.podShell().executionsMentioning(marker).get(0).timeLimit())
        .contains(Duration.ofSeconds(300));

    String failing = "fail-" + Long.toString(System.nanoTime(), 36);
    sandbox.podShell().plan(failing, ExecPlan.failing(2, "ls: cannot access '/nope'"));
    String failed =
        execute(id, "{\"command\": [\"ls /nope # " + failing + "\"]}", Api.USER)
            .data()
            .get("execution_id")
            .asString();
    awaitCommand(id, failed, "failed");
    JsonNode pods = status(id, failed).get("pods");
    assertThat(pods).hasSize(2);
    assertThat(pods.get(0).get("log").asString()).contains("cannot access");
    assertThat(pods.get(0).get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void registeredCommandsRunAtTheNextStartAndDeletedOnesDoNot() {
    String id = stopped("cmd-register");
    String tag = Long.toString(System.nanoTime(), 36);
    Api.Response registered =
        api.post(
            "/cluster/" + id + "/command",
            "{\"remote_commands\": [{\"command\": [\"echo keep-"
                + tag
                + "\"]},"
                + " {\"execution_id\": \"drop-"
                + tag
                + "\", \"command\": [\"echo drop-"
                + tag
                + "\"]}]}",
            Api.USER);
    assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
    JsonNode ids = registered.data().get("remote_commands");
    assertThat(ids).hasSize(2);
    assertThat(registered.data().has("artifact_name")).isTrue();
    String keep = ids.get(0).get("execution_id").asString();
    assertThat(ids.get(1).get("execution_id").asString()).isEqualTo("drop-" + tag);
    assertThat(status(id, keep).get("status").asString()).isEqualTo("created");

    Api.Response deleted = api.delete("/cluster/" + id + "/command/drop-" + tag, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(deleted.data().get("execution_id").asString()).isEqualTo("drop-" + tag);
    assertThat(api.get("/cluster/" + id + "/command/drop-" + tag + "/status").status())
        .isEqualTo(404);

    assertThat(api.post("/cluster/start-cluster/" + id, "", Api.USER).status()).isEqualTo(202);
    awaitCommand(id, keep, "success");
    // The worker pod may become ready after the head has already run the command: it runs it
    // when it does, so every pod of the cluster gets there, not necessarily at the same moment.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(podsThatRan("keep-" + tag))
                    .containsExactlyInAnyOrderElementsOf(pods(id, null)));
    assertThat(podsThatRan("drop-" + tag)).isEmpty();

    // The same execution id twice is a conflict.
    assertThat(
            execute(id, "{\"execution_id\": \"" + keep + "\", \"command\": [\"true\"]}", Api.USER)
                .status())
        .isEqualTo(409);
  }

  /**
   * Commands had no limit: one request of a hundred thousand made as many tasks for each of the
   * cluster's pods, judged at every pass of the runner all clusters share.
   */
  @Test
  void aClusterHoldsAtMostItsLimitOfCommands() {
    String id = stopped("cmd-limit");
    String tag = Long.toString(System.nanoTime(), 36);
    java.util.function.IntFunction<String> many =
        n ->
            java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> "{\"command\": [\"echo " + tag + "-" + i + "\"]}")
                .collect(
                    java.util.stream.Collectors.joining(", ", "{\"remote_commands\": [", "]}"));

    Api.Response tooMany = api.post("/cluster/" + id + "/command", many.apply(101), Api.USER);
    assertThat(tooMany.status()).as(tooMany.raw()).isEqualTo(400);
    assertThat(tooMany.raw()).contains("at most 100 remote commands");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM remote_commands WHERE cluster_id = ?", Integer.class, id))
        .isZero();

    Api.Response hundred = api.post("/cluster/" + id + "/command", many.apply(100), Api.USER);
    assertThat(hundred.status()).as(hundred.raw()).isEqualTo(200);
    Api.Response oneMore = execute(id, "{\"command\": [\"true\"]}", Api.USER);
    assertThat(oneMore.status()).as(oneMore.raw()).isEqualTo(400);
    assertThat(oneMore.raw()).contains("this one has 100");
    // Deleting one makes room again.
    String first = hundred.data().get("remote_commands").get(0).get("execution_id").asString();
    assertThat(api.delete("/cluster/" + id + "/command/" + first, Api.USER).status())
        .isEqualTo(200);
    assertThat(execute(id, "{\"command\": [\"true\"]}", Api.USER).status()).isEqualTo(202);
  }

  /**
   * A cluster given to another owner kept its previous owner's commands: run at its next start with
   * the new owner's workspace mounted, and readable by the new owner (their lines may hold
   * secrets), while the previous owner could no longer see or remove them.
   */
  @Test
  void aClusterGivenToAnotherOwnerLosesItsPreviousOwnersCommands() {
    String id = stopped("cmd-handover");
    String tag = Long.toString(System.nanoTime(), 36);
    Api.Response registered =
        api.post(
            "/cluster/" + id + "/command",
            "{\"remote_commands\": [{\"execution_id\": \"mine-"
                + tag
                + "\", \"command\": [\"echo TOKEN=s3cret\"]}]}",
            Api.USER);
    assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
    String admin = Api.as("admin@example.com");

    Api.Response handed =
        api.put("/cluster/user/" + id, "{\"cluster_user\": \"carol@example.com\"}", admin);
    assertThat(handed.status()).as(handed.raw()).isEqualTo(200);

    assertThat(api.get("/cluster/" + id + "/command/mine-" + tag + "/status", admin).status())
        .isEqualTo(404);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM remote_commands WHERE cluster_id = ?", Integer.class, id))
        .isZero();
    JsonNode deleted =
        api.get("/cluster/" + id + "/events?types=REMOTE_COMMAND_DELETED", admin)
            .data()
            .get("events");
    assertThat(deleted).hasSize(1);
    assertThat(deleted.get(0).get("message").asString())
        .contains("user@example.com", "carol@example.com", "mine-" + tag)
        .doesNotContain("s3cret");
  }

  /**
   * A registration sent at the moment of a handover: added before it (and deleted with it) or
   * refused after it, never left behind under the new owner. The handover used to list the commands
   * as its first read saw them, missing one committed since.
   */
  @Test
  void aRegistrationAtTheMomentOfAHandoverIsNeverLeftToTheNewOwner() throws Exception {
    String id = stopped("cmd-handover-race");
    String admin = Api.as("admin@example.com");
    for (int round = 0; round < 6; round++) {
      String tag = round + "-" + Long.toString(System.nanoTime(), 36);
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      List<Api.Response> answers =
          com.darwin.compute.api.Concurrently.call(
              2,
              () ->
                  n.getAndIncrement() == 0
                      ? api.post(
                          "/cluster/" + id + "/command",
                          "{\"remote_commands\": [{\"command\": [\"echo " + tag + "\"]}]}",
                          Api.USER)
                      : api.put(
                          "/cluster/user/" + id,
                          "{\"cluster_user\": \"carol@example.com\"}",
                          admin));
      // The registration's 200 or 403 (after the handover), the handover's 200.
      assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.raw()).isIn(200, 403));
      assertThat(
              jdbc.queryForObject(
                  "SELECT owner FROM clusters WHERE cluster_id = ?", String.class, id))
          .isEqualTo("carol@example.com");
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM remote_commands WHERE cluster_id = ?", Integer.class, id))
          .as("round %d", round)
          .isZero();
      // Back to its first owner for the next round.
      assertThat(
              api.put("/cluster/user/" + id, "{\"cluster_user\": \"user@example.com\"}", admin)
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void theSameRegistrationRunOrDeleteSentAtOnceIsAnsweredAsIfSentOneAfterAnother()
      throws Exception {
    String id = stopped("cmd-race");
    for (int round = 0; round < 3; round++) {
      String executionId = unique("race-" + round);
      String command = "{\"execution_id\": \"" + executionId + "\", \"command\": [\"true\"]}";
      assertOneTookTheId(
          Concurrently.call(
              4,
              () ->
                  api.post(
                      "/cluster/" + id + "/command",
                      "{\"remote_commands\": [" + command + "]}",
                      Api.USER)),
          200,
          executionId);
      Concurrently.assertOneRemovedAndTheRestFoundItGone(
          Concurrently.call(
              4, () -> api.delete("/cluster/" + id + "/command/" + executionId, Api.USER)));
      // Run now (at the next start, on this stopped cluster) under the id freed again.
      assertOneTookTheId(
          Concurrently.call(4, () -> execute(id, command, Api.USER)), 202, executionId);
    }
    // Each is on the timeline once: a request that found the id taken or gone records nothing.
    for (String type :
        List.of("REMOTE_COMMAND_REGISTERED", "REMOTE_COMMAND_DELETED", "REMOTE_COMMAND_EXECUTED")) {
      assertThat(api.get("/cluster/" + id + "/events?types=" + type).data().get("events"))
          .as(type)
          .hasSize(3);
    }
  }

  @Test
  void aCommandDeletedWhileItRunsIsStoppedInItsPodAndItsIdRunsAfreshThereAfterIt() {
    String id = running("cmd-del-running");
    String tag = Long.toString(System.nanoTime(), 36);
    String executionId = "rerun-" + tag;
    // The first command runs until something stops it (its timeout is 10 minutes); the one
    // registered under its id after it takes a second.
    sandbox.podShell().plan("first-" + tag, ExecPlan.hanging());
    sandbox.podShell().plan("second-" + tag, ExecPlan.slow(Duration.ofSeconds(1)));
    String first =
        "{\"execution_id\": \""
            + executionId
            + "\", \"command\": [\"echo first-"
            + tag
            + "\"], \"target\": \"head\", \"timeout\": 600}";
    assertThat(execute(id, first, Api.USER).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !sandbox.podShell().executionsMentioning("first-" + tag).isEmpty());
    SimulatedPodShell.Execution firstRun =
        sandbox.podShell().executionsMentioning("first-" + tag).get(0);
    String marker = firstRun.marker().orElseThrow();

    Api.Response deleted = api.delete("/cluster/" + id + "/command/" + executionId, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    Instant deletedAt = Instant.now();
    Api.Response again = execute(id, first.replace("first-", "second-"), Api.USER);
    assertThat(again.status()).as(again.raw()).isEqualTo(202);
    awaitCommand(id, executionId, "success");

    // The first was stopped in its pod (once) soon after its delete, and the second started there
    // only once the first had ended: the first's late failure is not the second's.
    List<SimulatedPodShell.Execution> stops =
        sandbox.podShell().executions().stream()
            .filter(e -> e.stops().equals(Optional.of(marker)))
            .toList();
    assertThat(stops).hasSize(1);
    assertThat(stops.get(0).pod()).isEqualTo(firstRun.pod());
    assertThat(stops.get(0).at()).isBefore(deletedAt.plusSeconds(20));
    SimulatedPodShell.Execution secondRun =
        sandbox.podShell().executionsMentioning("second-" + tag).get(0);
    assertThat(secondRun.pod()).isEqualTo(firstRun.pod());
    assertThat(secondRun.at()).isAfterOrEqualTo(stops.get(0).at());
    JsonNode pods = status(id, executionId).get("pods");
    assertThat(pods).hasSize(1);
    assertThat(pods.get(0).get("exit_code").asInt()).isZero();
    assertThat(pods.get(0).toString()).doesNotContain("stopped by TERM");
    // The first's task, kept while it ran, is forgotten once it ended.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.queryForList(
                            "SELECT ref FROM pod_tasks WHERE cluster_id = ?", String.class, id))
                    .containsExactly(executionId));
  }

  @Test
  void aClaimIsOfTheCommandThePassReadNotOneDeletedOrRegisteredAgainSince() throws Exception {
    String id = stopped("cmd-claim-race");
    String tag = Long.toString(System.nanoTime(), 36);
    String kept = "kept-" + tag;
    String raced = "raced-" + tag;
    String replaced = "replaced-" + tag;
    Api.Response registered =
        api.post(
            "/cluster/" + id + "/command",
            "{\"remote_commands\": [{\"execution_id\": \"%s\", \"command\": [\"true\"]},"
                    .formatted(kept)
                + " {\"execution_id\": \"%s\", \"command\": [\"true\"]},".formatted(raced)
                + " {\"execution_id\": \"%s\", \"command\": [\"true\"]}]}".formatted(replaced),
            Api.USER);
    assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
    // What a pass reads, and a head pod to claim it on.
    Map<String, PodWork> read =
        commandWork.snapshot(List.of(id)).work(id).stream()
            .collect(Collectors.toMap(PodWork::ref, w -> w));
    LivePod pod =
        new LivePod("eks-0", "ray", "claim-head", "uid-" + tag, "head", "ray-head", Instant.now());
    Instant deadline = Instant.now().plusSeconds(60);
    // The runner's passes would forget the tasks claimed here, on a stopped cluster.
    SimpleLock runnerOut = ScheduledJobLock.hold(locks, PodTaskRunner.LOCK);
    try {
      claimTheCommandsAsReadWhileOthersChangeThem(id, read, pod, deadline, kept, raced, replaced);
    } finally {
      runnerOut.unlock();
    }
  }

  private void claimTheCommandsAsReadWhileOthersChangeThem(
      String id,
      Map<String, PodWork> read,
      LivePod pod,
      Instant deadline,
      String kept,
      String raced,
      String replaced)
      throws Exception {
    // Unchanged since the pass read it: claimed.
    assertThat(podTasks.claim(read.get(kept), id, pod, deadline, commandWork)).isPresent();

    // Deleted, not yet committed, when the claim comes: the claim waits for the delete's
    // transaction, then finds the command gone.
    try (Connection delete = dataSource.getConnection()) {
      delete.setAutoCommit(false);
      try (PreparedStatement s =
          delete.prepareStatement("DELETE FROM remote_commands WHERE execution_id = ?")) {
        s.setString(1, raced);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      CompletableFuture<Optional<Long>> claim =
          CompletableFuture.supplyAsync(
              () -> podTasks.claim(read.get(raced), id, pod, deadline, commandWork));
      // Its thread may start late on a loaded machine; a claim that ended without waiting (an
      // error) is reported by the get below rather than as this wait's timeout.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .alias("the claim waits for the delete's row lock")
          .until(
              () ->
                  claim.isDone()
                      || jdbc.queryForObject(
                              // Not INNODB_TRX: it can miss a lock wait (see LibrarySettleRaceIT).
                              "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <>"
                                  + " CONNECTION_ID() AND INFO LIKE"
                                  + " 'select%remote_commands%share mode%'",
                              Integer.class)
                          > 0);
      delete.commit();
      assertThat(claim.get(30, TimeUnit.SECONDS)).isEmpty();
    }

    // Deleted and registered again under its id with other lines: not the command the pass read.
    assertThat(api.delete("/cluster/" + id + "/command/" + replaced, Api.USER).status())
        .isEqualTo(200);
    Api.Response again =
        api.post(
            "/cluster/" + id + "/command",
            "{\"remote_commands\": [{\"execution_id\": \"%s\", \"command\": [\"false\"]}]}"
                .formatted(replaced),
            Api.USER);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(podTasks.claim(read.get(replaced), id, pod, deadline, commandWork)).isEmpty();

    assertThat(
            jdbc.queryForList(
                "SELECT ref FROM pod_tasks WHERE pod_uid = ?", String.class, pod.uid()))
        .containsExactly(kept);
  }

  /** One answer took the execution id; the others were told it is taken, naming it (409). */
  private static void assertOneTookTheId(
      List<Api.Response> answers, int tookStatus, String executionId) {
    int took = 0;
    for (Api.Response r : answers) {
      if (r.status() == tookStatus) {
        took++;
      } else {
        assertThat(r.status()).as(r.raw()).isEqualTo(409);
        assertThat(r.message())
            .isEqualTo("A remote command with execution_id " + executionId + " already exists");
      }
    }
    assertThat(took).as(answers.toString()).isEqualTo(1);
  }

  @Test
  void onlyTheOwnerAndAdminsRunOrReadCommands() {
    String id = running("cmd-access");
    // Shared at can_manage: may edit the cluster, still no shell.
    Api.Response shared =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"bob@example.com\", \"level\": \"can_manage\"}",
            Api.USER);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);
    String marker = "nope-" + Long.toString(System.nanoTime(), 36);
    Api.Response bob =
        execute(id, "{\"command\": [\"echo " + marker + "\"]}", Api.as("bob@example.com"));
    assertThat(bob.status()).as(bob.raw()).isEqualTo(403);
    assertThat(bob.raw()).contains("owner");
    Api.Response carol =
        execute(id, "{\"command\": [\"echo " + marker + "\"]}", Api.as("carol@example.com"));
    assertThat(carol.status()).isEqualTo(403);
    assertThat(execute(id, "{\"command\": [\"echo " + marker + "\"]}", Api.NO_IDENTITY).status())
        .isEqualTo(401);
    assertThat(api.get("/cluster/" + id + "/commands", Api.as("bob@example.com")).status())
        .isEqualTo(403);
    // A delegate reads them only for the owner.
    java.util.function.Function<String, Integer> readByDelegateFor =
        user ->
            api.send("GET", "/cluster/" + id + "/commands", Api.as("sdk"), "on-behalf-of", user)
                .status();
    assertThat(readByDelegateFor.apply("bob@example.com")).isEqualTo(403);
    assertThat(readByDelegateFor.apply("user@example.com")).isEqualTo(200);
    // The attempts are on the owner's timeline, as every refused change is.
    assertThat(api.get("/cluster/" + id + "/events?page_size=100", Api.USER).raw())
        .contains("Refused: bob@example.com from 127.0.0.1 tried to run commands on it")
        .contains("Refused: carol@example.com from 127.0.0.1 tried to run commands on it")
        .contains("ACCESS_REFUSED");
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(podsThatRan(marker)).isEmpty());

    Api.Response admin =
        execute(id, "{\"command\": [\"echo admin-" + marker + "\"]}", Api.as("admin@example.com"));
    assertThat(admin.status()).as(admin.raw()).isEqualTo(202);
    awaitCommand(id, admin.data().get("execution_id").asString(), "success");
  }

  @Test
  void badCommandsAre400sNamingTheField() {
    String id = running("cmd-bad");
    String[][] cases = {
      {"{\"command\": []}", "command"},
      {"{\"command\": [\"\"]}", "command"},
      {"{\"command\": [\"echo hi\", null]}", "command"},
      {"{\"command\": [\"ls\"], \"target\": \"everywhere\"}", "target"},
      {"{\"command\": [\"ls\"], \"timeout\": 0}", "timeout"},
      {"{\"command\": [\"ls\"], \"timeout\": 99999}", "timeout"},
      {"{\"command\": [\"ls\"], \"execution_id\": \"a b;c\"}", "execution_id"},
      {"{\"command\": [\"ls\"], \"execution_id\": \".\"}", "execution_id"},
      {"{\"command\": [\"ls\"], \"execution_id\": \"..\"}", "execution_id"},
    };
    for (String[] c : cases) {
      Api.Response r = execute(id, c[0], Api.USER);
      assertThat(r.status()).as(c[0] + " -> " + r.raw()).isEqualTo(400);
      assertThat(r.raw()).as(c[0]).contains(c[1]);
    }
    // The same checks when commands are registered for the next start.
    Api.Response registered =
        api.post(
            "/cluster/" + id + "/command",
            "{\"remote_commands\": [{\"command\": [null]}]}",
            Api.USER);
    assertThat(registered.status()).as(registered.raw()).isEqualTo(400);
    assertThat(registered.raw()).contains("remote_commands[0].command");
    assertThat(api.get("/cluster/" + id + "/commands").data().get("remote_commands")).isEmpty();
  }
}
