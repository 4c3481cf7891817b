package com.darwin.compute.api.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.api.ScheduledJobLock;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.WrittenAlong;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.library.LibraryService;
import com.darwin.compute.core.library.LibrarySpec;
import com.darwin.compute.core.podexec.PodTaskRunner;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.sandbox.SimulatedPodShell;
import com.darwin.compute.sandbox.SimulatedPodShell.ExecPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Libraries end to end over HTTP on the sandbox: the control plane execs installs in the simulated
 * pods (the sandbox's SimulatedPodShell records every argv and answers as planned).
 */
class LibrariesIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterService clusters;
  @Autowired LibraryService libraries;
  @Autowired PodTaskRunner runner;
  @Autowired LockProvider locks;
  private final JsonMapper json = JsonMapper.builder().build();

  private static final String PYPI =
      "{\"source\": \"pypi\", \"body\": {\"name\": \"%s\", \"version\": \"%s\"}}";

  private String running(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    return id;
  }

  /** The Quick Start cluster with its workspace on the workers too ({@code workspace: shared}). */
  private static String sharedWorkspace(String body) {
    return body.replace(
        "\"tags\": [\"demo\"],", "\"tags\": [\"demo\"], \"labels\": {\"workspace\": \"shared\"},");
  }

  @Test
  void aWorkspaceLibraryNeedsTheWorkspaceOnEveryPodItIsInstalledOn() {
    String workspaceLibrary =
        "{\"source\": \"workspace\", \"body\": {\"path\": \"p/requirements.txt\"}}";
    // Its workers do not mount the workspace: the copy would fail on each of them.
    String headOnly = createStopped("lib-ws-head");
    Api.Response refused = install(headOnly, workspaceLibrary);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.message()).contains("do not mount the workspace", "workspace: shared");
    assertThat(list(headOnly).get("result_size").asLong()).isZero();
    // The same in a create's packages: nothing is made.
    Api.Response create =
        api.post(
            "/cluster",
            ClusterRequests.stoppedQuickStart(unique("lib-ws-create"))
                .replace(
                    "\"runtime\": \"0.0\",",
                    "\"runtime\": \"0.0\", \"packages\": [" + workspaceLibrary + "],"),
            Api.USER);
    assertThat(create.status()).as(create.raw()).isEqualTo(400);

    String everywhere =
        create(sharedWorkspace(ClusterRequests.stoppedQuickStart(unique("lib-ws-shared"))));
    Api.Response installed = install(everywhere, workspaceLibrary);
    assertThat(installed.status()).as(installed.raw()).isEqualTo(200);
  }

  private Api.Response install(String clusterId, String body) {
    return api.post("/cluster/" + clusterId + "/library/install", body, Api.USER);
  }

  private JsonNode installed(String clusterId, String body) {
    Api.Response r = install(clusterId, body);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data();
  }

  private String status(String clusterId, long libraryId) {
    return LibraryStatuses.status(api, clusterId, libraryId);
  }

  private void awaitLibrary(String clusterId, long libraryId, String expected) {
    LibraryStatuses.awaitStatus(api, clusterId, libraryId, expected);
  }

  private JsonNode details(String clusterId, long libraryId) {
    Api.Response r = api.get("/cluster/" + clusterId + "/library/" + libraryId + "/");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data();
  }

  private JsonNode list(String clusterId) {
    return page(clusterId, "page_size=100");
  }

  /** A page of a cluster's libraries, for the query string given. */
  private JsonNode page(String clusterId, String query) {
    Api.Response r = api.get("/cluster/" + clusterId + "/library?" + query);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data();
  }

  private static List<Long> packageIds(JsonNode page) {
    List<Long> ids = new ArrayList<>();
    page.get("packages").forEach(row -> ids.add(row.get("id").asLong()));
    return ids;
  }

  private SimulatedPodShell shell() {
    return sandbox.podShell();
  }

  /** The cluster's ready pods (names), as the pods endpoint lists them. */
  private List<String> readyPods(String clusterId) {
    List<String> names = new ArrayList<>();
    api.get("/cluster/" + clusterId + "/pods")
        .data()
        .get("Resources")
        .forEach(
            p -> {
              if ("Running".equals(p.get("Status").asString())) {
                names.add(p.get("Name").asString());
              }
            });
    return names;
  }

  /** Restarts the cluster and waits until its two new ready pods have each run {@code fragment}. */
  private void restartUntilNewPodsRan(String clusterId, List<String> before, String fragment) {
    assertThat(api.post("/cluster/restart-cluster/" + clusterId, "", Api.USER).status())
        .isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<String> now = readyPods(clusterId);
              assertThat(now).hasSize(2).doesNotContainAnyElementsOf(before);
              assertThat(podsThatRan(fragment)).containsAll(now);
            });
  }

  private void uninstall(String clusterId, long libraryId) {
    Api.Response r =
        api.put(
            "/cluster/" + clusterId + "/library/uninstall",
            "{\"id\": [" + libraryId + "]}",
            Api.USER);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  private List<String> podsThatRan(String fragment) {
    return shell().executionsMentioning(fragment).stream()
        .map(SimulatedPodShell.Execution::pod)
        .toList();
  }

  @Test
  void aPypiLibraryOnARunningClusterIsInstalledOnEveryPodAsOneArgument() {
    String id = running("lib-pypi");
    JsonNode lib = installed(id, PYPI.formatted("pandas", "2.2.2"));
    assertThat(lib.get("status").asString()).isEqualTo("running");
    assertThat(lib.get("type").asString()).isEqualTo("pypi");
    assertThat(lib.get("source").asString()).isEqualTo("pypi");
    assertThat(lib.get("version").asString()).isEqualTo("2.2.2");
    assertThat(lib.get("cluster_id").asString()).isEqualTo(id);
    assertThat(lib.get("execution_id").asString()).isNotBlank();
    long libraryId = lib.get("id").asLong();
    awaitLibrary(id, libraryId, "success");

    List<String> pods = readyPods(id);
    assertThat(pods).hasSize(2); // head and one worker
    List<SimulatedPodShell.Execution> runs =
        shell().executionsMentioning("pandas==2.2.2").stream()
            .filter(e -> pods.contains(e.pod()))
            .toList();
    assertThat(runs)
        .extracting(SimulatedPodShell.Execution::pod)
        .containsExactlyInAnyOrderElementsOf(pods);
    assertThat(runs.get(0).timeLimit()).contains(Duration.ofSeconds(10)); // install-timeout
    assertThat(runs.get(0).program())
        .containsExactly(
            "python",
            "-m",
            "pip",
            "install",
            "--no-input",
            "--disable-pip-version-check",
            "pandas==2.2.2");
    JsonNode details = details(id, libraryId);
    assertThat(details.get("pods")).hasSize(2);
    details.get("pods").forEach(p -> assertThat(p.get("status").asString()).isEqualTo("success"));
    assertThat(details.get("error").isNull()).isTrue();
    assertThat(details.get("id").asString()).isEqualTo(String.valueOf(libraryId));
  }

  @Test
  void aPassOverAClusterWithInstalledLibrariesReadsNoTaskLog() {
    // Every running cluster with libraries is visited every few seconds, and each pod's task keeps
    // up to 64 KB of pip's output: a pass reads what it decides by, the logs stay where they are.
    String id = running("lib-pass");
    long libraryId = installed(id, PYPI.formatted("polars", "1.9.0")).get("id").asLong();
    awaitLibrary(id, libraryId, "success");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM pod_tasks WHERE cluster_id = ? AND LENGTH(log) > 0",
                Integer.class,
                id))
        .isEqualTo(2);

    List<String> statements;
    SimpleLock held = ScheduledJobLock.hold(locks, PodTaskRunner.LOCK);
    try {
      SqlStatementCounter.startRecording();
      try {
        runner.runClusters(List.of(id));
        statements = SqlStatementCounter.recorded();
      } finally {
        SqlStatementCounter.stop();
      }
    } finally {
      held.unlock();
    }

    List<String> ofTasks = statements.stream().filter(s -> s.contains("pod_tasks")).toList();
    assertThat(ofTasks).as(statements.toString()).isNotEmpty();
    assertThat(ofTasks).noneMatch(s -> Pattern.compile("\\w\\.log\\b").matcher(s).find());
    assertThat(status(id, libraryId)).isEqualTo("success");
  }

  @Test
  void everySourceOnARunningCluster() {
    String id = create(sharedWorkspace(ClusterRequests.quickStart(unique("lib-sources"))));
    awaitStatus(id, "active");
    String tag = Long.toString(System.nanoTime(), 36);
    long maven =
        installed(
                id,
                """
                {"source": "maven", "body": {"name": "org.apache.spark:spark-sql_2.12", "version": "3.5.%s",
                 "metadata": {"repository": "spark", "exclusions": "org.slf4j:*"}}}"""
                    .formatted(tag.length()))
            .get("id")
            .asLong();
    long s3 =
        installed(
                id,
                "{\"source\": \"s3\", \"body\": {\"path\": \"s3://team-bucket/libs/"
                    + tag
                    + ".whl\"}}")
            .get("id")
            .asLong();
    long workspace =
        installed(
                id,
                "{\"source\": \"workspace\", \"body\": {\"path\": \"projects/"
                    + tag
                    + "/requirements.txt\"}}")
            .get("id")
            .asLong();
    awaitLibrary(id, maven, "success");
    awaitLibrary(id, s3, "success");
    awaitLibrary(id, workspace, "success");

    JsonNode mavenLib = details(id, maven);
    assertThat(mavenLib.get("type").asString()).isEqualTo("maven_jar");
    SimulatedPodShell.Execution s3Run =
        shell().executionsMentioning("s3://team-bucket/libs/" + tag + ".whl").get(0);
    assertThat(s3Run.program().subList(4, 7))
        .containsExactly("s3://team-bucket/libs/" + tag + ".whl", "whl", "/home/ray/darwin_pkgs");
    SimulatedPodShell.Execution wsRun =
        shell().executionsMentioning("projects/" + tag + "/requirements.txt").get(0);
    assertThat(wsRun.argv()).contains("/home/ray/fsx/projects/" + tag + "/requirements.txt", "txt");
    String pom =
        shell().executionsMentioning("spark-sql_2.12").stream()
            .filter(e -> readyPods(id).contains(e.pod()))
            .findFirst()
            .orElseThrow()
            .program()
            .get(4);
    assertThat(pom)
        .contains("<url>https://repos.spark-packages.org</url>")
        .contains("<exclusion><groupId>org.slf4j</groupId><artifactId>*</artifactId></exclusion>");
    JsonNode listed = list(id);
    assertThat(listed.get("result_size").asLong()).isEqualTo(3);
    JsonNode listedMaven = null;
    for (JsonNode p : listed.get("packages")) {
      if (p.get("id").asLong() == maven) {
        listedMaven = p;
      }
    }
    assertThat(listedMaven).isNotNull();
    assertThat(listedMaven.get("metadata").get("repository").asString()).isEqualTo("spark");
    assertThat(listedMaven.get("metadata").get("exclusions").asString()).isEqualTo("org.slf4j:*");
  }

  @Test
  void onAStoppedClusterLibrariesWaitForTheStartAndAreInstalledThen() {
    String id = create(sharedWorkspace(ClusterRequests.stoppedQuickStart(unique("lib-stopped"))));
    // Digits only: it is part of a PyPI version, which must be PEP 440.
    String tag = Long.toString(System.nanoTime());
    JsonNode batch =
        api.post(
                "/cluster/" + id + "/library/install/batch",
                """
                {"packages": [
                  {"source": "pypi", "body": {"name": "requests", "version": "2.32.%1$s"}},
                  {"source": "maven", "body": {"name": "com.google.guava:guava:33.%1$s-jre"}},
                  {"source": "s3", "body": {"path": "s3://bkt/%1$s/deps.tar.gz"}},
                  {"source": "workspace", "body": {"path": "%1$s/lib.jar"}}
                ]}"""
                    .formatted(tag),
                Api.USER)
            .data();
    assertThat(batch.get("cluster_id").asString()).isEqualTo(id);
    assertThat(batch.get("packages")).hasSize(4);
    List<Long> ids = new ArrayList<>();
    batch
        .get("packages")
        .forEach(
            p -> {
              assertThat(p.get("status").asString()).isEqualTo("created");
              ids.add(p.get("id").asLong());
            });
    assertThat(shell().executionsMentioning(tag)).isEmpty();

    assertThat(api.post("/cluster/start-cluster/" + id, "", Api.USER).status()).isEqualTo(202);
    for (long libraryId : ids) {
      awaitLibrary(id, libraryId, "success");
    }
    // A worker that became ready after the head installed them gets them on the runner's next
    // pass (each library is running again meanwhile): once on every ready pod, in the end.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(shell().executionsMentioning(tag)).hasSize(4 * readyPods(id).size()));
    assertThat(details(id, ids.get(2)).get("type").asString()).isEqualTo("gz");

    // Stopped again: back to created, to be installed at the next start.
    assertThat(api.post("/cluster/stop-cluster/" + id, "", Api.USER).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(status(id, ids.get(0))).isEqualTo("created"));
  }

  @Test
  void aDuplicateRequestAnswersTheExistingLibraryEvenWhenTwoRace() throws Exception {
    String id = running("lib-dup");
    JsonNode first = installed(id, PYPI.formatted("numpy", "1.26.4"));
    JsonNode again =
        installed(
            id,
            "{\"source\": \"pypi\", \"body\": {\"name\": \"NumPy\", \"version\": \"==1.26.4\"}}");
    assertThat(again.get("id").asLong()).isEqualTo(first.get("id").asLong());

    // Two different installs at once both run; the same one raced twice is one library.
    String tag = Long.toString(System.nanoTime(), 36);
    List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
    for (String name : List.of("alpha-" + tag, "beta-" + tag, "alpha-" + tag, "beta-" + tag)) {
      calls.add(CompletableFuture.supplyAsync(() -> install(id, PYPI.formatted(name, "1.0"))));
    }
    List<Long> ids = new ArrayList<>();
    for (CompletableFuture<Api.Response> call : calls) {
      Api.Response r = call.get();
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      ids.add(r.data().get("id").asLong());
    }
    assertThat(ids.get(0)).isEqualTo(ids.get(2));
    assertThat(ids.get(1)).isEqualTo(ids.get(3));
    assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
    awaitLibrary(id, ids.get(0), "success");
    awaitLibrary(id, ids.get(1), "success");
    assertThat(list(id).get("result_size").asLong()).isEqualTo(3);
    // Any offset, as the Python service's: the second of three by id.
    JsonNode second = page(id, "sort_by=id&sort_order=asc&offset=1&page_size=1");
    assertThat(second.get("result_size").asLong()).isEqualTo(3);
    assertThat(packageIds(second)).containsExactly(Math.min(ids.get(0), ids.get(1)));
    // Descending, and a filter that the count follows (the sort and the count query are derived
    // from the declared query: DeclaredQueriesIT).
    JsonNode newest = page(id, "sort_by=id&sort_order=desc&offset=0&page_size=2");
    assertThat(newest.get("result_size").asLong()).isEqualTo(3);
    List<Long> newestIds = packageIds(newest);
    assertThat(newestIds).hasSize(2).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(newestIds.get(0)).isGreaterThanOrEqualTo(Math.max(ids.get(0), ids.get(1)));
    JsonNode beta = page(id, "key=beta-" + tag + "&sort_by=id&sort_order=desc");
    assertThat(beta.get("result_size").asLong()).isEqualTo(1);
    assertThat(packageIds(beta)).containsExactly(ids.get(1));
    // Each pod ran each once.
    assertThat(shell().executionsMentioning("alpha-" + tag + "==1.0"))
        .hasSize(readyPods(id).size());
  }

  @Test
  void aFailingInstallShowsTheFailingPodsLogAndARetryInstallsItAgain() {
    String id = running("lib-fail");
    String name = "broken-" + Long.toString(System.nanoTime(), 36);
    shell().plan(name, ExecPlan.failing(1, "ERROR: No matching distribution found for " + name));
    long libraryId = installed(id, PYPI.formatted(name, "0.1")).get("id").asLong();
    awaitLibrary(id, libraryId, "failed");
    JsonNode details = details(id, libraryId);
    assertThat(details.get("error").get("error_code").asString())
        .isEqualTo("LIBRARY_INSTALL_FAILED");
    assertThat(details.get("error").get("error_message").asString())
        .contains("exited with 1")
        .contains("No matching distribution found for " + name);
    assertThat(details.get("pods").get(0).get("log").asString())
        .contains("No matching distribution");

    shell().clearPlan(name);
    Api.Response retried =
        api.send(
            "PATCH",
            "/cluster/" + id + "/library/" + libraryId + "/install/retry",
            Api.USER,
            "X-Test",
            "1");
    assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
    assertThat(retried.data().get("status").asString()).isEqualTo("running");
    assertThat(retried.data().get("execution_id").asString())
        .isNotEqualTo(details.get("id").asString());
    awaitLibrary(id, libraryId, "success");
    assertThat(details(id, libraryId).get("error").isNull()).isTrue();

    Api.Response unknown =
        api.send(
            "PATCH",
            "/cluster/" + id + "/library/999999999/install/retry",
            Api.USER,
            "X-Test",
            "1");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void aSlowInstallIsRunningUntilItEndsAndAPodThatNeverReportsFailsAtTheTimeout() {
    String id = running("lib-slow");
    String slow = "slowpkg-" + Long.toString(System.nanoTime(), 36);
    String silent = "silentpkg-" + Long.toString(System.nanoTime(), 36);
    shell().plan(slow, ExecPlan.slow(Duration.ofSeconds(5)));
    shell().plan(silent, ExecPlan.neverReporting());
    long slowId = installed(id, PYPI.formatted(slow, "1")).get("id").asLong();
    long silentId = installed(id, PYPI.formatted(silent, "1")).get("id").asLong();
    // Seen running (however late the runner picks it up), then still running a second later.
    awaitLibrary(id, slowId, "running");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(status(id, slowId)).isEqualTo("running"));
    awaitLibrary(id, slowId, "success");
    awaitLibrary(id, silentId, "failed");
    assertThat(details(id, silentId).get("error").get("error_message").asString())
        .contains("did not report");
  }

  @Test
  void anExecTheApiServerRefusesIsTriedAgainNotFailed() {
    // A 500 to the exec's upgrade (an API server overloaded for a moment): nothing ran in the pod,
    // and the Kubernetes client's own retries (with backoff, about 100 s in all) try it again: a
    // client built without them (as for the history servers' request paths) failed the install for
    // good on that pod.
    String id = running("lib-refused");
    String refused = "refusedpkg-" + Long.toString(System.nanoTime(), 36);
    sandbox.kubernetes().failAll(refused);
    try {
      long libraryId = installed(id, PYPI.formatted(refused, "1")).get("id").asLong();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> sandbox.kubernetes().refusedReads() > 0);
      sandbox.kubernetes().clearFaults();
      awaitLibrary(id, libraryId, "success");
      // Each pod ran it once, after the refusal.
      assertThat(podsThatRan(refused)).containsExactlyInAnyOrderElementsOf(readyPods(id));
    } finally {
      sandbox.kubernetes().clearFaults();
    }
  }

  @Test
  void anInstallWhoseExecStreamDropsKeepsItsPodsBusyUntilItsDeadline() {
    // A dropped stream does not stop pip in the pod: the install was failed at once, and the next
    // library started beside it.
    String id = running("lib-dropped");
    String dropped = "droppedpkg-" + Long.toString(System.nanoTime(), 36);
    String next = "nextpkg-" + Long.toString(System.nanoTime(), 36);
    shell().plan(dropped, ExecPlan.droppingConnection(Duration.ofMillis(200)));
    long droppedId = installed(id, PYPI.formatted(dropped, "1")).get("id").asLong();
    long nextId = installed(id, PYPI.formatted(next, "1")).get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !shell().executionsMentioning(dropped).isEmpty());

    // Its deadline is 20.5 s away (10 s install timeout, 10 s for the pod's KILL, the grace).
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(status(id, droppedId)).isEqualTo("running");
              assertThat(shell().executionsMentioning(next)).isEmpty();
            });
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(status(id, droppedId)).isEqualTo("failed"));
    // With what the pod wrote before the stream dropped.
    assertThat(details(id, droppedId).get("error").get("error_message").asString())
        .contains("simulated: started")
        .contains(dropped)
        .contains("did not report");
    awaitLibrary(id, nextId, "success");
  }

  @Test
  void anInstallPastItsTimeoutIsStoppedInThePodNotOnlyAbandoned() {
    String id = running("lib-hang");
    String hang = "hangpkg-" + Long.toString(System.nanoTime(), 36);
    shell().plan(hang, ExecPlan.hanging());
    long hangId = installed(id, PYPI.formatted(hang, "1")).get("id").asLong();
    // install-timeout is 10 s here: timeout(1) in the pod stops pip and reports 124.
    awaitLibrary(id, hangId, "failed");
    JsonNode details = details(id, hangId);
    JsonNode stopped = null;
    for (JsonNode pod : details.get("pods")) {
      if ("failed".equals(pod.get("status").asString())) {
        stopped = pod;
      }
    }
    assertThat(stopped).as(details.toString()).isNotNull();
    assertThat(stopped.get("exit_code").asInt()).isEqualTo(124);
    assertThat(stopped.get("log").asString())
        .contains("stopped by timeout after 10 s")
        .contains("Stopped in the pod after its timeout of 10 s");
  }

  @Test
  void uninstallIsImmediateOnAStoppedClusterAndPendingUntilTheRestartOnARunningOne() {
    String id = running("lib-uninstall");
    long keep = installed(id, PYPI.formatted("polars", "1.0.0")).get("id").asLong();
    long drop = installed(id, PYPI.formatted("pyarrow", "16.1.0")).get("id").asLong();
    awaitLibrary(id, drop, "success");
    awaitLibrary(id, keep, "success");
    List<String> before = readyPods(id);

    // The Python SDK sends ids as strings.
    Api.Response removed =
        api.put("/cluster/" + id + "/library/uninstall", "{\"id\": [\"" + drop + "\"]}", Api.USER);
    assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
    assertThat(removed.data().get("packages").get(0).get("id").asLong()).isEqualTo(drop);
    assertThat(status(id, drop)).isEqualTo("uninstall_pending");

    // Restart: new pods get polars again, not pyarrow, and pyarrow is gone.
    restartUntilNewPodsRan(id, before, "polars==1.0.0");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(api.get("/cluster/" + id + "/library/" + drop + "/status").status())
                    .isEqualTo(404));
    awaitLibrary(id, keep, "success");
    assertThat(podsThatRan("pyarrow==16.1.0")).doesNotContainAnyElementsOf(readyPods(id));

    // Stopped: removed at once.
    assertThat(api.post("/cluster/stop-cluster/" + id, "", Api.USER).status()).isEqualTo(202);
    Api.Response gone =
        api.put("/cluster/" + id + "/library/uninstall", "{\"id\": [" + keep + "]}", Api.USER);
    assertThat(gone.status()).as(gone.raw()).isEqualTo(200);
    assertThat(list(id).get("result_size").asLong()).isZero();
    assertThat(
            api.put("/cluster/" + id + "/library/uninstall", "{\"id\": [" + keep + "]}", Api.USER)
                .status())
        .isEqualTo(404);
    // At most a thousand ids in one uninstall: a clear 400, not a statement over a million.
    String tooMany =
        java.util.stream.LongStream.rangeClosed(1, 1_001)
            .mapToObj(Long::toString)
            .collect(java.util.stream.Collectors.joining(",", "{\"id\": [", "]}"));
    Api.Response refused = api.put("/cluster/" + id + "/library/uninstall", tooMany, Api.USER);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.message()).contains("at most 1000 library ids");
  }

  @Test
  void aLibraryAskedForAgainWhileItsUninstallIsPendingIsInstalledAgain() {
    String id = running("lib-reinstall");
    long library = installed(id, PYPI.formatted("duckdb", "1.1.3")).get("id").asLong();
    awaitLibrary(id, library, "success");
    uninstall(id, library);
    assertThat(status(id, library)).isEqualTo("uninstall_pending");
    int runs = shell().executionsMentioning("duckdb==1.1.3").size();

    JsonNode again = installed(id, PYPI.formatted("duckdb", "1.1.3"));
    assertThat(again.get("id").asLong()).isEqualTo(library);
    assertThat(again.get("status").asString()).isNotEqualTo("uninstall_pending");
    // Every pod still has it: installed again without running anything more.
    awaitLibrary(id, library, "success");
    assertThat(shell().executionsMentioning("duckdb==1.1.3")).hasSize(runs);
    // Kept through a restart: the new pods get it.
    restartUntilNewPodsRan(id, readyPods(id), "duckdb==1.1.3");
    awaitLibrary(id, library, "success");
  }

  @Test
  void aFailedLibraryUninstalledThenAskedForAgainRunsAgain() {
    String id = running("lib-fail-reask");
    String name = "flaky-" + Long.toString(System.nanoTime(), 36);
    shell().plan(name, ExecPlan.failing(1, "ERROR: index unreachable"));
    long library = installed(id, PYPI.formatted(name, "0.1")).get("id").asLong();
    awaitLibrary(id, library, "failed");
    uninstall(id, library);
    shell().clearPlan(name);
    // Asked for again: where it failed, it runs again (not settled as failed from the old run).
    assertThat(installed(id, PYPI.formatted(name, "0.1")).get("id").asLong()).isEqualTo(library);
    awaitLibrary(id, library, "success");
  }

  @Test
  void aWorkerPodAddedLaterGetsTheLibraries() {
    String id = running("lib-scale");
    String name = "scaled-" + Long.toString(System.nanoTime(), 36);
    long libraryId = installed(id, PYPI.formatted(name, "1.0")).get("id").asLong();
    awaitLibrary(id, libraryId, "success");
    assertThat(readyPods(id)).hasSize(2);

    // The autoscaler's way: more workers (min_pods 1 -> 2, applied in place).
    JsonNode view = api.get("/cluster/" + id).data();
    String edit =
        ClusterRequests.quickStart(view.get("name").asString())
            .replace("\"min_pods\": 1", "\"min_pods\": 2");
    Api.Response edited = api.put("/cluster/" + id, edit, Api.USER);
    assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<String> pods = readyPods(id);
              assertThat(pods).hasSize(3);
              assertThat(podsThatRan(name + "==1.0")).containsAll(pods);
            });
    awaitLibrary(id, libraryId, "success");
  }

  @Test
  void injectionAttemptsInEveryFieldAre400sNamingTheFieldAndNothingRuns() {
    String id = running("lib-inject");
    String marker = "pwn" + Long.toString(System.nanoTime(), 36);
    String[][] cases = {
      {
        "{\"source\": \"pypi\", \"body\": {\"name\": \"pandas; touch /tmp/" + marker + "\"}}",
        "body.name"
      },
      {"{\"source\": \"pypi\", \"body\": {\"name\": \"$(touch " + marker + ")\"}}", "body.name"},
      {
        "{\"source\": \"pypi\", \"body\": {\"name\": \"pandas\", \"version\": \"1.0 && touch "
            + marker
            + "\"}}",
        "body.version"
      },
      {
        "{\"source\": \"pypi\", \"body\": {\"name\": \"pandas\", \"path\": \"https://x.example/`touch "
            + marker
            + "`\"}}",
        "body.path"
      },
      {
        "{\"source\": \"pypi\", \"body\": {\"name\": \"--index-url=https://"
            + marker
            + ".example\"}}",
        "body.name"
      },
      {
        "{\"source\": \"maven\", \"body\": {\"name\": \"a:b;touch "
            + marker
            + "\", \"version\": \"1\"}}",
        "body.name"
      },
      {
        "{\"source\": \"maven\", \"body\": {\"name\": \"a:b\", \"version\": \"1|touch "
            + marker
            + "\"}}",
        "body.version"
      },
      {
        "{\"source\": \"maven\", \"body\": {\"name\": \"a:b\", \"version\": \"1\", \"metadata\": {\"repository\": \"https://x/$("
            + marker
            + ")\"}}}",
        "body.metadata.repository"
      },
      {
        "{\"source\": \"maven\", \"body\": {\"name\": \"a:b\", \"version\": \"1\", \"metadata\": {\"repository\": \"maven\", \"exclusions\": \"a:b</exclusion>"
            + marker
            + "\"}}}",
        "body.metadata.exclusions"
      },
      {
        "{\"source\": \"s3\", \"body\": {\"path\": \"s3://bucket/x.whl'; touch "
            + marker
            + " '\"}}",
        "body.path"
      },
      {
        "{\"source\": \"s3\", \"body\": {\"path\": \"s3://bucket/../" + marker + ".whl\"}}",
        "body.path"
      },
      {
        "{\"source\": \"workspace\", \"body\": {\"path\": \"../../etc/" + marker + ".txt\"}}",
        "body.path"
      },
      {
        "{\"source\": \"workspace\", \"body\": {\"path\": \"a/$(" + marker + ").whl\"}}",
        "body.path"
      },
      {"{\"source\": \"ftp\", \"body\": {\"path\": \"" + marker + "\"}}", "source"},
    };
    for (String[] c : cases) {
      Api.Response r = install(id, c[0]);
      assertThat(r.status()).as(c[0] + " -> " + r.raw()).isEqualTo(400);
      assertThat(r.body().get("status").asString()).isEqualTo("ERROR");
      assertThat(r.raw()).as(c[0]).contains(c[1]);
    }
    Api.Response batch =
        api.post(
            "/cluster/" + id + "/library/install/batch",
            "{\"packages\": [{\"source\": \"pypi\", \"body\": {\"name\": \"fine-"
                + marker
                + "\"}},"
                + " {\"source\": \"pypi\", \"body\": {\"name\": \"x;"
                + marker
                + "\"}}]}",
            Api.USER);
    assertThat(batch.status()).as(batch.raw()).isEqualTo(400);
    assertThat(batch.raw()).contains("packages[1].body.name");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(shell().executionsMentioning(marker)).isEmpty());
    assertThat(list(id).get("result_size").asLong()).isZero();
  }

  @Test
  void packagesOnCreateAndCloneFromAnotherCluster() {
    String tag = Long.toString(System.nanoTime(), 36);
    String body =
        ClusterRequests.quickStart(unique("lib-create"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"packages\": [{\"source\": \"pypi\", \"body\":"
                    + " {\"name\": \"created-"
                    + tag
                    + "\", \"version\": \"1.0\"}}]");
    Api.Response created = api.post("/cluster", body, Api.USER);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();
    JsonNode packages = created.data().get("packages");
    assertThat(packages).hasSize(1);
    assertThat(packages.get(0).get("name").asString()).isEqualTo("created-" + tag);
    awaitStatus(id, "active");
    awaitLibrary(id, packages.get(0).get("id").asLong(), "success");

    String clone =
        ClusterRequests.stoppedQuickStart(unique("lib-clone"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"packages_clone_from\": \"" + id + "\"");
    Api.Response cloned = api.post("/cluster", clone, Api.USER);
    assertThat(cloned.status()).as(cloned.raw()).isEqualTo(200);
    JsonNode copy = cloned.data().get("packages");
    assertThat(copy).hasSize(1);
    assertThat(copy.get(0).get("status").asString()).isEqualTo("created");
    assertThat(copy.get(0).get("version").asString()).isEqualTo("1.0");

    // A bad package refuses the create: no cluster is made.
    String name = unique("lib-bad");
    Api.Response refused =
        api.post(
            "/cluster",
            ClusterRequests.quickStart(name)
                .replace(
                    "\"user\": \"user@example.com\"",
                    "\"user\": \"user@example.com\", \"packages\": [{\"source\": \"pypi\", \"body\": {\"name\": \"a b\"}}]"),
            Api.USER);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.raw()).contains("packages[0].body.name");
    JsonNode search = api.post("/cluster/search", "{\"query\": \"" + name + "\"}", Api.USER).data();
    assertThat(search.get("pagination").get("total_matches").asLong()).isZero();
  }

  /**
   * Makes MariaDB refuse to store one library (by its name) until the returned trigger is dropped:
   * a storage failure in the middle of a create or an edit, from the real server.
   */
  private String failingLibraryInsert(String libraryName) {
    String trigger = "fail_library_" + Long.toString(System.nanoTime(), 36);
    jdbc.execute(
        "CREATE TRIGGER "
            + trigger
            + " BEFORE INSERT ON cluster_libraries FOR EACH ROW BEGIN IF NEW.name = '"
            + libraryName
            + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF;"
            + " END");
    return trigger;
  }

  @Test
  void aCreateOrEditWhoseLibrariesCannotBeStoredStoresNothing() {
    String tag = Long.toString(System.nanoTime(), 36);
    String packages =
        "\"packages\": ["
            + PYPI.formatted("kept-" + tag, "1.0")
            + ", "
            + PYPI.formatted("refused-" + tag, "1.0")
            + "]";
    String name = unique("lib-atomic");
    String trigger = failingLibraryInsert("refused-" + tag);
    try {
      Api.Response create =
          api.post(
              "/cluster",
              ClusterRequests.quickStart(name)
                  .replace(
                      "\"user\": \"user@example.com\"",
                      "\"user\": \"user@example.com\", " + packages),
              Api.USER);
      assertThat(create.status()).as(create.raw()).isGreaterThanOrEqualTo(500);
      assertThat(create.body().get("status").asString()).isEqualTo("ERROR");
      // Neither the cluster nor the library stored before the refused one.
      assertThat(
              jdbc.queryForObject("SELECT COUNT(*) FROM clusters WHERE name = ?", Long.class, name))
          .isZero();
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM cluster_libraries WHERE name = ?",
                  Long.class,
                  "kept-" + tag))
          .isZero();

      // An edit: the spec stays as it was, and no library is added.
      String id = createStopped("lib-atomic-edit");
      String edited =
          ClusterRequests.stoppedQuickStart(unique("lib-atomic-edited"))
              .replace(
                  "\"user\": \"user@example.com\"", "\"user\": \"user@example.com\", " + packages);
      Api.Response edit = api.put("/cluster/" + id, edited, Api.USER);
      assertThat(edit.status()).as(edit.raw()).isGreaterThanOrEqualTo(500);
      assertThat(
              jdbc.queryForObject(
                  "SELECT spec_version FROM clusters WHERE cluster_id = ?", Integer.class, id))
          .isEqualTo(1);
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM cluster_libraries WHERE cluster_id = ?", Long.class, id))
          .isZero();
    } finally {
      jdbc.execute("DROP TRIGGER " + trigger);
    }
  }

  @Test
  void anEditWithPackagesRacingAnInstallOfTheSameLibraryAnswersThatLibrary() throws Exception {
    String id = createStopped("lib-edit-race");
    String name = "raced-" + Long.toString(System.nanoTime(), 36);
    List<LibrarySpec> specs =
        libraries.validatePackages(
            List.of(Map.of("source", "pypi", "body", Map.of("name", name, "version", "1.0"))));
    ClusterRequest edit =
        json.readValue(
            ClusterRequests.stoppedQuickStart(unique("lib-edit-race-edited")),
            ClusterRequest.class);
    Actor actor = new Actor("user@example.com", "127.0.0.1");
    AtomicInteger writes = new AtomicInteger();
    WrittenAlong along =
        cluster -> {
          if (writes.incrementAndGet() == 1) {
            // Another request's install of the same library commits after the edit's snapshot
            // was taken (its first read), before the edit stores its libraries.
            CompletableFuture.runAsync(
                    () ->
                        jdbc.update(
                            "INSERT INTO cluster_libraries (cluster_id, source, type, name,"
                                + " version, request_key, status, execution_id, created_by)"
                                + " VALUES (?, 'PYPI', 'PYPI', ?, '1.0', ?, 'CREATED', 'x', ?)",
                            id,
                            name,
                            specs.get(0).key(),
                            actor.name()))
                .join();
          }
          libraries.addWith(cluster, specs, actor);
        };

    int version = clusters.get(id).getSpecVersion();
    assertThat(clusters.update(id, version, edit, actor, along))
        .isEqualTo(ClusterService.UpdateOutcome.SAVED);

    // The edit ran again in a new transaction, which found the library and answered it.
    assertThat(writes.get()).isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_libraries WHERE cluster_id = ? AND name = ?",
                Long.class,
                id,
                name))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT spec_version FROM clusters WHERE cluster_id = ?", Integer.class, id))
        .isEqualTo(2);
  }

  @Test
  void aCloneCopiesEveryLibraryEvenMoreThanOneBatch() {
    String source = createStopped("lib-many");
    String tag = Long.toString(System.nanoTime(), 36);
    for (int batch = 0; batch < 2; batch++) {
      StringBuilder packages = new StringBuilder();
      for (int i = 0; i < 30; i++) {
        packages
            .append(packages.length() == 0 ? "" : ",")
            .append(PYPI.formatted("many-" + tag + "-" + batch + "-" + i, "1.0"));
      }
      Api.Response r =
          api.post(
              "/cluster/" + source + "/library/install/batch",
              "{\"packages\": [" + packages + "]}",
              Api.USER);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
    assertThat(list(source).get("result_size").asLong()).isEqualTo(60);
    String clone =
        ClusterRequests.stoppedQuickStart(unique("lib-many-clone"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"packages_clone_from\": \"" + source + "\"");
    Api.Response cloned = api.post("/cluster", clone, Api.USER);
    assertThat(cloned.status()).as(cloned.raw()).isEqualTo(200);
    assertThat(cloned.data().get("packages")).hasSize(60);
  }

  /**
   * An index or repository URL may carry credentials (a private index's token). They are used, but
   * never shown: the library list is readable by every signed-in caller.
   */
  @Test
  void credentialsInAnIndexOrRepositoryUrlAreUsedButNeverShown() {
    String id = running("lib-creds");
    String tag = Long.toString(System.nanoTime(), 36);
    JsonNode pypi =
        installed(
            id,
            ("{\"source\": \"pypi\", \"body\": {\"name\": \"private-%1$s\", \"version\": \"1.0\","
                    + " \"path\": \"https://__token__:s3cr3t-%1$s@pypi.example.com/simple\"}}")
                .formatted(tag));
    JsonNode maven =
        installed(
            id,
            ("{\"source\": \"maven\", \"body\": {\"name\": \"com.example:private-%1$s\","
                    + " \"version\": \"1.0\", \"metadata\": {\"repository\":"
                    + " \"https://deploy:s3cr3t-%1$s@maven.example.com/releases\"}}}")
                .formatted(tag));
    assertThat(pypi.get("path").asString()).isEqualTo("https://****@pypi.example.com/simple");
    assertThat(maven.get("metadata").get("repository").asString())
        .isEqualTo("https://****@maven.example.com/releases");
    Api.Response listed = api.get("/cluster/" + id + "/library?key=private-" + tag);
    assertThat(listed.data().get("result_size").asLong()).isEqualTo(2);
    assertThat(listed.raw()).doesNotContain("s3cr3t");
    // Nor found by them: the list's key would otherwise test guesses a character at a time.
    assertThat(
            api.get("/cluster/" + id + "/library?key=s3cr3t-" + tag)
                .data()
                .get("result_size")
                .asLong())
        .isZero();
    for (JsonNode library : List.of(pypi, maven)) {
      Api.Response details =
          api.get("/cluster/" + id + "/library/" + library.get("id").asLong() + "/");
      assertThat(details.raw()).doesNotContain("s3cr3t");
    }
    assertThat(details(id, pypi.get("id").asLong()).get("path").asString())
        .isEqualTo("https://****@pypi.example.com/simple");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(shell().executionsMentioning("s3cr3t-" + tag))
                    .hasSize(2 * readyPods(id).size()));
  }

  @Test
  void thePythonSdkCallsAndShapes() {
    String id = createStopped("lib-sdk");
    // install_package: Package.to_dict() with every key, nulls included.
    Api.Response r =
        install(
            id,
            "{\"source\": \"pypi\", \"body\": {\"name\": \"mlflow\", \"version\": \"2.14.1\", \"path\": null, \"metadata\": null}}");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.message()).isEqualTo("Library installed successfully");
    for (String key :
        List.of(
            "cluster_id",
            "name",
            "status",
            "id",
            "version",
            "type",
            "source",
            "path",
            "metadata",
            "execution_id",
            "created_at",
            "updated_at")) {
      assertThat(r.data().has(key)).as(key).isTrue();
    }
    // get_packages: the SDK's query parameters, no trailing slash.
    Api.Response page =
        api.get(
            "/cluster/"
                + id
                + "/library?key=&sort_by=created_at&sort_order=desc&offset=0&page_size=10");
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    assertThat(page.data().get("cluster_id").asString()).isEqualTo(id);
    assertThat(page.data().get("result_size").asLong()).isEqualTo(1);
    assertThat(page.data().get("packages").get(0).get("name").asString()).isEqualTo("mlflow");
    assertThat(api.get("/cluster/" + id + "/library/?key=mlf").data().get("result_size").asLong())
        .isEqualTo(1);
    assertThat(api.get("/cluster/" + id + "/library?key=%25").data().get("result_size").asLong())
        .isZero();
    assertThat(api.get("/cluster/" + id + "/library?sort_by=password").status()).isEqualTo(400);
    Api.Response controlKey = api.get("/cluster/" + id + "/library?key=ml%00f");
    assertThat(controlKey.status()).isEqualTo(400);
    assertThat(controlKey.raw()).contains("\"field\":\"key\"").contains("control character");
    // A pasted line's break is only surrounding whitespace.
    assertThat(api.get("/cluster/" + id + "/library?key=mlf%0A").data().get("result_size").asLong())
        .isEqualTo(1);
    assertThat(api.get("/cluster/" + id + "/library?sort_order=sideways").status()).isEqualTo(400);
    // uninstall_packages: {"id": ["..."]}.
    Api.Response removed =
        api.put(
            "/cluster/" + id + "/library/uninstall",
            "{\"id\": [\"" + r.data().get("id").asLong() + "\"]}",
            Api.USER);
    assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
    assertThat(removed.message()).isEqualTo("Library Uninstallation Successful");
    assertThat(api.get("/cluster/id-doesnotexist/library").status()).isEqualTo(404);
  }

  @Test
  void onlyThoseWhoMayManageTheClusterInstall() {
    String id = createStopped("lib-access");
    Api.Response bob =
        api.post(
            "/cluster/" + id + "/library/install",
            PYPI.formatted("x", "1"),
            Api.as("bob@example.com"));
    assertThat(bob.status()).as(bob.raw()).isEqualTo(403);
    Api.Response anonymous =
        api.post("/cluster/" + id + "/library/install", PYPI.formatted("x", "1"), Api.NO_IDENTITY);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(list(id).get("result_size").asLong()).isZero();
  }
}
