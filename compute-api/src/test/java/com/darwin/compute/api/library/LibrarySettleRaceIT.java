package com.darwin.compute.api.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.api.ScheduledJobLock;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.library.LibraryProperties;
import com.darwin.compute.core.library.LibraryRepository;
import com.darwin.compute.core.library.LibraryWork;
import com.darwin.compute.core.podexec.LivePod;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskRunner;
import com.darwin.compute.core.podexec.PodTaskState;
import com.darwin.compute.core.podexec.PodTaskStatus;
import com.darwin.compute.core.podexec.PodTaskStore;
import com.darwin.compute.model.library.LibraryStatus;
import com.darwin.compute.sandbox.SimulatedPodShell.ExecPlan;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The pod-task runner settles a library's status from what the pods report, while users uninstall
 * and retry it. Whatever a user committed after the settle read the row wins: the settle is held
 * back here on purpose (the row as it read it, then the user's request over HTTP, then its write),
 * and it reports success from a pod of its own so that it has something to write.
 */
class LibrarySettleRaceIT extends ApiIntegrationTest {

  private static final String PYPI =
      "{\"source\": \"pypi\", \"body\": {\"name\": \"%s\", \"version\": \"1.0\"}}";

  /** A ready pod only the held-back settle knows of: every library succeeded on it. */
  private static final LivePod POD =
      new LivePod(
          "kind", "ray", "held-back-pod", "held-back-uid", "head", "ray-head", Instant.now());

  @Autowired LibraryRepository libraries;
  @Autowired LibraryProperties properties;
  @Autowired WorkspaceProperties workspace;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired LockProvider locks;

  @Test
  void anUninstallAfterTheSettleReadTheRowIsNotOverwritten() {
    String clusterId = running("settle-uninstall");
    long libraryId = failedInstall(clusterId, "unmet");

    settleHeldBack(
        clusterId,
        libraryId,
        () -> {
          uninstall(clusterId, libraryId);
        });

    // Still uninstalled: the pods that failed it keep it pending until they are gone.
    assertThat(status(clusterId, libraryId)).isEqualTo("uninstall_pending");
  }

  @Test
  void aRetryAfterTheSettleReadTheRowKeepsItsExecutionAndRunsAgain() {
    String clusterId = running("settle-retry");
    long libraryId = failedInstall(clusterId, "flaky");
    String[] retried = new String[1];

    settleHeldBack(
        clusterId,
        libraryId,
        () -> {
          Api.Response r = retry(clusterId, libraryId);
          assertThat(r.status()).as(r.raw()).isEqualTo(200);
          retried[0] = r.data().get("execution_id").asString();
        });

    JsonNode view = library(clusterId, libraryId);
    assertThat(view.get("execution_id").asString()).isEqualTo(retried[0]);
    // Not the held-back settle's verdict: the retry runs on the real pods (and fails again).
    assertThat(view.get("status").asString()).isNotEqualTo("success");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              JsonNode now = library(clusterId, libraryId);
              assertThat(now.get("status").asString()).isEqualTo("failed");
              assertThat(now.get("execution_id").asString()).isEqualTo(retried[0]);
            });
  }

  @Test
  void aRetryAndAClaimOfTheLibraryOnAnotherPodAtTheSameTimeBothGoThrough() throws Exception {
    // A claim share-locks the library's row, then inserts its task. The retry used to delete the
    // failed tasks first (locking their range of pod_tasks, the claim's insert among it) and then
    // write the row: each waited for the other, and the database killed one of them.
    String clusterId = createStopped("retry-claim");
    long libraryId =
        install(clusterId, PYPI.formatted("claimed-" + Long.toString(System.nanoTime(), 36)));
    CompletableFuture<Api.Response> retried;
    ExecutorService retrying = Executors.newSingleThreadExecutor();
    // The runner's passes stay out: their writes of library rows would wait on the lock too.
    SimpleLock runnerOut = ScheduledJobLock.hold(locks, PodTaskRunner.LOCK);
    try (Connection claim = dataSource.getConnection()) {
      claim.setAutoCommit(false);
      try (PreparedStatement lock =
          claim.prepareStatement(
              "SELECT id FROM cluster_libraries WHERE id = ? LOCK IN SHARE MODE")) {
        lock.setLong(1, libraryId);
        assertThat(lock.executeQuery().next()).isTrue();
      }
      retried = CompletableFuture.supplyAsync(() -> retry(clusterId, libraryId), retrying);
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .alias("the retry waits for the claim's lock on the library")
          .until(this::anUpdateOfALibraryWaits);
      try (PreparedStatement insert =
          claim.prepareStatement(
              "INSERT INTO pod_tasks (kind, ref, pod_uid, cluster_id, pod_name, status)"
                  + " VALUES ('LIBRARY', ?, ?, ?, 'claim-pod', 'RUNNING')")) {
        insert.setString(1, String.valueOf(libraryId));
        insert.setString(2, "claim-uid-" + libraryId);
        insert.setString(3, clusterId);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      claim.commit();
    } finally {
      retrying.shutdown();
      runnerOut.unlock();
    }
    Api.Response answer = retried.get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
  }

  @Test
  void aLibraryRetriedThenUninstalledStaysPendingWhileItsPodsHaveIt() {
    // A retry used to forget every pod's record of the library: the uninstall after it then read
    // "no pod has it" and deleted the library the pods still had.
    String clusterId = running("retry-uninstall");
    long libraryId =
        install(clusterId, PYPI.formatted("kept-" + Long.toString(System.nanoTime(), 36)));
    awaitLibrary(clusterId, libraryId, "success");
    Api.Response retried = retry(clusterId, libraryId);
    assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
    uninstall(clusterId, libraryId);

    // Many runner passes (every 200 ms here) later, still pending: the pods were not replaced.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> status(clusterId, libraryId).equals("uninstall_pending"));
  }

  @Test
  void anUninstallThatLosesToASettleIsAnsweredOnAFreshRead() throws Exception {
    String clusterId = running("settle-first");
    long libraryId =
        install(clusterId, PYPI.formatted("settled-" + Long.toString(System.nanoTime(), 36)));
    awaitLibrary(clusterId, libraryId, "success");
    long read = rowVersion(libraryId);

    // The settle holds the row while the uninstall, which read it before, waits to write it.
    CompletableFuture<Api.Response> uninstall =
        new TransactionTemplate(transactions)
            .execute(
                tx -> {
                  jdbc.queryForObject(
                      "SELECT id FROM cluster_libraries WHERE id = ? FOR UPDATE",
                      Long.class,
                      libraryId);
                  CompletableFuture<Api.Response> request =
                      CompletableFuture.supplyAsync(
                          () ->
                              api.put(
                                  "/cluster/" + clusterId + "/library/uninstall",
                                  "{\"id\": [" + libraryId + "]}",
                                  Api.USER));
                  await()
                      .atMost(Duration.ofSeconds(30))
                      .pollInterval(Duration.ofMillis(20))
                      .until(this::anUpdateOfALibraryWaits);
                  // What the pods report again (no status change, so the runner leaves it alone).
                  assertThat(
                          libraries.settle(libraryId, read, LibraryStatus.SUCCESS, Instant.now()))
                      .isEqualTo(1);
                  return request;
                });

    Api.Response removed = uninstall.get(30, TimeUnit.SECONDS);
    assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
    assertThat(status(clusterId, libraryId)).isEqualTo("uninstall_pending");
    // The settle's write, then the uninstall's on a fresh read of it.
    assertThat(rowVersion(libraryId)).isEqualTo(read + 2);
  }

  @Test
  void anInstallOfAPendingLibraryThatLosesToASettleIsAnsweredOnAFreshRead() throws Exception {
    // Asking again for a library being uninstalled installs it again: a write of its row, which
    // answered 409 when the runner wrote the row between the install's read and its write.
    String clusterId = running("settle-reinstall");
    String body = PYPI.formatted("again-" + Long.toString(System.nanoTime(), 36));
    long libraryId = pendingUninstall(clusterId, body);
    long read = rowVersion(libraryId);

    Api.Response again =
        whileASettleWritesTheRow(
            libraryId, read, () -> api.post(libraryPath(clusterId, "install"), body, Api.USER));

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.data().get("id").asLong()).isEqualTo(libraryId);
    assertThat(again.data().get("status").asString()).isNotEqualTo("uninstall_pending");
    // The settle's write, then the install's on a fresh read of it.
    assertThat(rowVersion(libraryId)).isGreaterThanOrEqualTo(read + 2);
    awaitLibrary(clusterId, libraryId, "success");
  }

  @Test
  void aBatchThatLosesToASettleIsStoredWholeOnAFreshRead() throws Exception {
    // A batch stored its libraries one at a time: a lost race on the second answered 409 with
    // the first already stored.
    String clusterId = running("settle-batch");
    String pending = PYPI.formatted("again-" + Long.toString(System.nanoTime(), 36));
    long libraryId = pendingUninstall(clusterId, pending);
    long read = rowVersion(libraryId);
    String fresh = PYPI.formatted("fresh-" + Long.toString(System.nanoTime(), 36));

    Api.Response batch =
        whileASettleWritesTheRow(
            libraryId,
            read,
            () ->
                api.post(
                    libraryPath(clusterId, "install/batch"),
                    "{\"packages\": [" + fresh + ", " + pending + "]}",
                    Api.USER));

    assertThat(batch.status()).as(batch.raw()).isEqualTo(200);
    JsonNode packages = batch.data().get("packages");
    assertThat(packages).hasSize(2);
    assertThat(packages.get(1).get("id").asLong()).isEqualTo(libraryId);
    assertThat(packages.get(1).get("status").asString()).isNotEqualTo("uninstall_pending");
    awaitLibrary(clusterId, packages.get(0).get("id").asLong(), "success");
    awaitLibrary(clusterId, libraryId, "success");
  }

  /** A library installed on the cluster's pods, then uninstalled: pending while they have it. */
  private long pendingUninstall(String clusterId, String body) {
    long libraryId = install(clusterId, body);
    awaitLibrary(clusterId, libraryId, "success");
    uninstall(clusterId, libraryId);
    assertThat(status(clusterId, libraryId)).isEqualTo("uninstall_pending");
    return libraryId;
  }

  /**
   * Sends {@code request} while the test holds the library's row, waits until the request's update
   * of it waits for the test, writes the row as the runner would (a settle of what the pods report
   * again, from the version {@code read}), and lets the request go on.
   */
  private Api.Response whileASettleWritesTheRow(
      long libraryId, long read, Supplier<Api.Response> request) throws Exception {
    CompletableFuture<Api.Response> sent =
        new TransactionTemplate(transactions)
            .execute(
                tx -> {
                  jdbc.queryForObject(
                      "SELECT id FROM cluster_libraries WHERE id = ? FOR UPDATE",
                      Long.class,
                      libraryId);
                  CompletableFuture<Api.Response> async = CompletableFuture.supplyAsync(request);
                  await()
                      .atMost(Duration.ofSeconds(30))
                      .pollInterval(Duration.ofMillis(20))
                      .until(this::anUpdateOfALibraryWaits);
                  assertThat(
                          libraries.settle(
                              libraryId, read, LibraryStatus.UNINSTALL_PENDING, Instant.now()))
                      .isEqualTo(1);
                  return async;
                });
    return sent.get(30, TimeUnit.SECONDS);
  }

  private static String libraryPath(String clusterId, String rest) {
    return "/cluster/" + clusterId + "/library/" + rest;
  }

  /**
   * Runs a settle of the cluster that reads the library rows, then lets {@code between} commit,
   * then writes what it judged from the read: the library succeeded on {@link #POD}.
   */
  private void settleHeldBack(String clusterId, long libraryId, Runnable between) {
    List<PodTaskState> succeeded = List.of(succeededOnPod(clusterId, libraryId));
    PodTaskStore tasks =
        new PodTaskStore(null, Clock.systemUTC()) {
          @Override
          public List<PodTaskState> ofCluster(String id) {
            return succeeded;
          }
        };
    LibraryWork work =
        new LibraryWork(readThen(between), tasks, properties, workspace, Clock.systemUTC());
    new TransactionTemplate(transactions)
        .executeWithoutResult(tx -> work.settle(clusterId, List.of(POD), succeeded));
  }

  /** The repository, but {@code between} runs right after the first read of a cluster's rows. */
  private LibraryRepository readThen(Runnable between) {
    AtomicBoolean ran = new AtomicBoolean();
    return (LibraryRepository)
        Proxy.newProxyInstance(
            LibraryRepository.class.getClassLoader(),
            new Class<?>[] {LibraryRepository.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(libraries, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("findByClusterIdOrderByIdAsc")
                  && ran.compareAndSet(false, true)) {
                between.run();
              }
              return result;
            });
  }

  private static PodTaskState succeededOnPod(String clusterId, long libraryId) {
    return new PodTaskState(
        1L,
        clusterId,
        PodTaskKind.LIBRARY,
        String.valueOf(libraryId),
        POD.uid(),
        POD.name(),
        PodTaskStatus.SUCCESS,
        Instant.now(),
        Instant.now().plusSeconds(60));
  }

  /**
   * Some connection is in the middle of an update of a library: it waits for the test's lock.
   * (InnoDB's own list of lock waits, {@code INNODB_TRX}, missed the wait in two of three runs of
   * the whole suite, and the request then lost its connection at the 3 s socket timeout.)
   */
  private boolean anUpdateOfALibraryWaits() {
    return jdbc.queryForObject(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE ID <> CONNECTION_ID() AND INFO LIKE 'update cluster_libraries%'",
            Integer.class)
        > 0;
  }

  private long rowVersion(long libraryId) {
    return jdbc.queryForObject(
        "SELECT row_version FROM cluster_libraries WHERE id = ?", Long.class, libraryId);
  }

  private String running(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    return id;
  }

  /** A library that failed on the cluster's real pods (and fails there again when retried). */
  private long failedInstall(String clusterId, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    sandbox.podShell().plan(name, ExecPlan.failing(1, "ERROR: No matching distribution"));
    long libraryId = install(clusterId, PYPI.formatted(name));
    awaitLibrary(clusterId, libraryId, "failed");
    return libraryId;
  }

  private void uninstall(String clusterId, long libraryId) {
    Api.Response removed =
        api.put(
            "/cluster/" + clusterId + "/library/uninstall",
            "{\"id\": [" + libraryId + "]}",
            Api.USER);
    assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
  }

  private Api.Response retry(String clusterId, long libraryId) {
    return api.send(
        "PATCH",
        "/cluster/" + clusterId + "/library/" + libraryId + "/install/retry",
        Api.USER,
        "X-Test",
        "1");
  }

  private long install(String clusterId, String body) {
    Api.Response r = api.post("/cluster/" + clusterId + "/library/install", body, Api.USER);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data().get("id").asLong();
  }

  private JsonNode library(String clusterId, long libraryId) {
    Api.Response r = api.get("/cluster/" + clusterId + "/library?page_size=1000");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    for (JsonNode p : r.data().get("packages")) {
      if (p.get("id").asLong() == libraryId) {
        return p;
      }
    }
    throw new AssertionError("library " + libraryId + " is not listed: " + r.raw());
  }

  private String status(String clusterId, long libraryId) {
    return LibraryStatuses.status(api, clusterId, libraryId);
  }

  private void awaitLibrary(String clusterId, long libraryId, String expected) {
    LibraryStatuses.awaitStatus(api, clusterId, libraryId, expected);
  }
}
