package com.darwin.compute.core.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ScheduledJobLock;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.jupyter.JupyterPodRenderer;
import com.darwin.compute.model.jupyter.JupyterPodAction;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The prober and the status watch write a pod's row from their own threads, each in a short
 * transaction with an optimistic lock. One that loses the race is run again on the fresh row
 * instead of failing its pass (a WARN and a skipped probe or status each time they met). The jobs
 * and the requests act on a pod as they read it, and what changed since wins: a delete over an
 * apply, a use over the reaper's judgement, a fresh generation over a judgement of the old one.
 */
class JupyterPodRowRacesIT extends ApiIntegrationTest {

  @Autowired JupyterPodStore store;

  @Autowired JupyterPodService service;

  @Autowired JupyterPodObserver observer;

  @Autowired LockProvider locks;

  @Autowired JupyterPoolKeeper keeper;

  @Autowired JupyterPodDeployer deployer;

  @Autowired Clock clock;

  @Autowired DataSource dataSource;

  @Autowired JdbcTemplate jdbc;

  @Test
  void freePodsOfATargetWithNoPoolAnyMoreAreRemoved() {
    // Left by an earlier configuration (compute.jupyter-pods.target was sandbox-east): the pool
    // kept there then; the tests' configuration keeps none.
    JupyterPodEntity left =
        store
            .refill("sandbox-east", "ray-east", 1, "an-earlier-configuration", "0123456789abcdef")
            .created()
            .get(0);

    keeper.keepOnce();

    assertThat(store.find(left.getName()).orElseThrow().getStatus().isLive()).isFalse();
    assertThat(store.live().stream().filter(p -> p.getCloudEnv().equals("sandbox-east")))
        .noneMatch(p -> !p.isAttached());
  }

  @Test
  void aPodReadFreeButAttachedSinceIsRestartedNotDeleted() {
    // The keeper's pass read the pool: every pod free.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.live().stream().filter(p -> !p.isAttached()).count() >= 1);
    List<JupyterPodEntity> asTheKeeperReadThem =
        store.live().stream().filter(p -> !p.isAttached()).toList();
    String consumer = unique("attached-since");
    String name =
        api.post(
                "/jupyter-pod",
                "{\"consumer_id\": \"" + consumer + "\"}",
                Api.as("darwin-workspace"))
            .data()
            .get("pod_name")
            .asString();
    JupyterPodEntity stale =
        asTheKeeperReadThem.stream()
            .filter(p -> p.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError(name + " was not a free pod of the pool"));
    assertThat(stale.isAttached()).isFalse();

    service.replace(stale, "Not ready within the start time", "jupyter-pool-keeper");

    JupyterPodEntity now = store.find(name).orElseThrow();
    assertThat(now.getStatus().isLive()).isTrue();
    assertThat(now.getConsumerId()).isEqualTo(consumer);
  }

  @Test
  void aPodUsedSinceTheReaperLookedIsKept() {
    String name =
        api.post(
                "/jupyter-pod",
                "{\"consumer_id\": \"" + unique("used-since") + "\"}",
                Api.as("darwin-workspace"))
            .data()
            .get("pod_name")
            .asString();
    JupyterPodEntity asTheReaperSawIt = store.find(name).orElseThrow();
    // Judged idle since half an hour ago; the row says it was attached (used) just now.
    service.reap(
        asTheReaperSawIt, Instant.now().minus(Duration.ofMinutes(30)), "Idle", "jupyter-reaper");
    assertThat(store.find(name).orElseThrow().getStatus().isLive()).isTrue();
    assertThat(store.find(name).orElseThrow().isAttached()).isTrue();
    // Idle since before the cutoff: reaped, its consumer released.
    service.reap(asTheReaperSawIt, Instant.now().plusSeconds(60), "Idle", "jupyter-reaper");
    assertThat(store.find(name).orElseThrow().getStatus().isLive()).isFalse();
    assertThat(store.find(name).orElseThrow().getConsumerId()).isNull();
  }

  /**
   * A consumer coming back as the reaper deletes the pod it found idle (the moment a user returns
   * after a long pause): the attach waits for the reap and gets a pod that is not being deleted. It
   * used to return the pod it had read before the reap committed, its link dead. The reap is held
   * open on another connection, and committed once the attach waits for its row.
   */
  @Test
  void aConsumerComingBackAsItsPodIsReapedGetsAnotherPod() throws Exception {
    String consumer = unique("back-as-reaped");
    String body = "{\"consumer_id\": \"" + consumer + "\"}";
    String reaped =
        api.post("/jupyter-pod", body, Api.as("darwin-workspace"))
            .data()
            .get("pod_name")
            .asString();
    CompletableFuture<Api.Response> back;
    try (Connection reaper = dataSource.getConnection()) {
      reaper.setAutoCommit(false);
      try (var lock =
          reaper.prepareStatement("SELECT name FROM jupyter_pods WHERE name = ? FOR UPDATE")) {
        lock.setString(1, reaped);
        lock.executeQuery().close();
      }
      try (var reap =
          reaper.prepareStatement(
              "UPDATE jupyter_pods SET status = 'deleted', consumer_id = NULL,"
                  + " deleted_at = CURRENT_TIMESTAMP(3), version = version + 1 WHERE name = ?")) {
        reap.setString(1, reaped);
        reap.executeUpdate();
      }
      back =
          CompletableFuture.supplyAsync(
              () -> api.post("/jupyter-pod", body, Api.as("darwin-workspace")));
      // The attach waits for the reap's row: its own locking read, in this database (the server
      // holds other tests' databases, and this context's jobs may wait on the row too).
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  back.isDone()
                      || jdbc.queryForObject(
                              "SELECT COUNT(*) FROM information_schema.innodb_trx t"
                                  + " JOIN information_schema.processlist p"
                                  + " ON p.id = t.trx_mysql_thread_id"
                                  + " WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()"
                                  + " AND t.trx_query LIKE '%consumer_id FROM jupyter_pods%'",
                              Integer.class)
                          > 0);
      reaper.commit();
    }
    Api.Response attached = back.get(30, TimeUnit.SECONDS);
    assertThat(attached.status()).as(attached.raw()).isIn(200, 201);
    String now = attached.data().get("pod_name").asString();
    assertThat(now).isNotEqualTo(reaped);
    assertThat(store.find(now).orElseThrow().getStatus().isLive()).isTrue();
    assertThat(store.find(now).orElseThrow().getConsumerId()).isEqualTo(consumer);
  }

  @Test
  void probesWrittenAtOnceFromTwoThreadsAllLand() throws Exception {
    String name = attachedReadyPod("races");

    int generation = store.find(name).orElseThrow().getRestarts();
    int each = 60;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> writers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        writers.add(
            threads.submit(
                () -> {
                  go.await();
                  int landed = 0;
                  for (int i = 0; i < each; i++) {
                    if (store.probed(name, generation, Instant.now(), true).pod() != null) {
                      landed++;
                    }
                  }
                  return landed;
                }));
      }
      go.countDown();
      for (Future<Integer> writer : writers) {
        // Without the retry, a lost race is an ObjectOptimisticLockingFailureException here.
        assertThat(writer.get()).isEqualTo(each);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(store.find(name).orElseThrow().getStatus()).isEqualTo(JupyterPodStatus.READY);
  }

  /**
   * The keeper and the reaper judge pods from rows read earlier in their pass. Once one of them has
   * replaced a pod, what either concluded about the replaced generation (a failed readiness, a
   * probe of the hung server, a replacement of its own) must leave the fresh one alone: it used to
   * mark the fresh pod failed and replace it again.
   */
  @Test
  void aJudgementOfTheReplacedGenerationLeavesTheFreshOneAlone() {
    String name = attachedReadyPod("generations");
    JupyterPodEntity asTheKeeperReadIt = store.find(name).orElseThrow();
    int judged = asTheKeeperReadIt.getRestarts();

    // The reaper replaces it first.
    service.replace(asTheKeeperReadIt, "Jupyter did not answer 3 probes", "jupyter-reaper");
    JupyterPodEntity fresh = store.find(name).orElseThrow();
    assertThat(fresh.getRestarts()).isEqualTo(judged + 1);

    // Then the keeper, the status recorder and a late probe act on what they saw of the old one.
    assertThat(store.observe(name, judged, JupyterPodStatus.FAILED, "stopped answering", "keeper"))
        .isFalse();
    assertThat(store.probed(name, judged, null, false).pod()).isNull();
    service.replace(asTheKeeperReadIt, "Jupyter stopped answering", "jupyter-pool-keeper");

    JupyterPodEntity now = store.find(name).orElseThrow();
    assertThat(now.getRestarts()).isEqualTo(judged + 1);
    assertThat(now.getStatus()).isNotEqualTo(JupyterPodStatus.FAILED);
    assertThat(now.getStatus().isLive()).isTrue();
  }

  @Test
  void anApplyOfAPodDeletedSinceItWasReadLeavesNoObjectsBehind() {
    JupyterPodEntity asTheKeeperReadIt = deletedAfterItWasRead("deleted-meanwhile");
    String name = asTheKeeperReadIt.getName();

    // Then an apply of what was read before (a restart's, or the keeper's refill) runs: it finds
    // no Deployment and creates the objects, which must not outlive it.
    service.apply(asTheKeeperReadIt, true);

    var client = sandbox.kubernetes().client();
    assertThat(deployment(name)).as("a Deployment for a deleted pod").isNull();
    assertThat(serviceExists(JupyterPodRenderer.serviceName(name))).isFalse();
    assertThat(
            client
                .network()
                .networkPolicies()
                .inNamespace("ray")
                .withName(JupyterPodRenderer.networkPolicyName(name))
                .get())
        .isNull();
    assertThat(store.find(name).orElseThrow().getStatus()).isEqualTo(JupyterPodStatus.DELETED);
  }

  @Test
  void anApplyOfAPodDeletedSinceItWasReadThatFailsHalfWayLeavesNoObjectsEither() {
    JupyterPodEntity asTheKeeperReadIt = deletedAfterItWasRead("deleted-half-way");
    String name = asTheKeeperReadIt.getName();

    // The apply creates the Deployment and the Service, then fails on the NetworkPolicy. The pool
    // keeper, which would remove them on its own next pass, is held off until the test has looked.
    SimpleLock keeper = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      // (A create's path does not name the object: every NetworkPolicy write fails meanwhile.)
      sandbox.kubernetes().failWrites("/networkpolicies");
      try {
        service.apply(asTheKeeperReadIt, true);
      } finally {
        sandbox.kubernetes().clearFaults();
      }
      assertThat(sandbox.kubernetes().refusedWrites()).as("the apply failed").isPositive();
      assertThat(deployment(name)).as("a Deployment for a deleted pod").isNull();
      assertThat(serviceExists(JupyterPodRenderer.serviceName(name))).isFalse();
    } finally {
      keeper.unlock();
    }
  }

  @Test
  void theKeepersRepairOfAPodDeletedSinceItsPassReadItLeavesNoObjectsBehind() {
    JupyterPodEntity asThePassReadIt = deletedAfterItWasRead("deleted-before-repair");
    String name = asThePassReadIt.getName();
    // The scheduled pass is held off: this one is the pass that read the pod before the delete.
    SimpleLock scheduled = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      // It finds no Deployment for the pod it read, and applies one again.
      keeper.converge(asThePassReadIt, clock.instant());

      assertThat(deployment(name)).as("a Deployment for a deleted pod").isNull();
      assertThat(serviceExists(JupyterPodRenderer.serviceName(name))).isFalse();
      assertThat(store.find(name).orElseThrow().getStatus()).isEqualTo(JupyterPodStatus.DELETED);
    } finally {
      scheduled.unlock();
    }
  }

  @Test
  void theKeepersRepairOfAPodRestartedSinceItsPassReadItLeavesTheNewGeneration() {
    String name = attachedReadyPod("restarted-before-repair");
    JupyterPodEntity asThePassReadIt = store.find(name).orElseThrow();
    SimpleLock scheduled = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      Api.Response restarted =
          api.post(
              "/jupyter/restart",
              "{\"release_name\": \"" + name + "\"}",
              Api.as("darwin-workspace"));
      assertThat(restarted.status()).as(restarted.raw()).isEqualTo(200);
      String generation = Integer.toString(store.find(name).orElseThrow().getRestarts());
      assertThat(generation).isNotEqualTo(Integer.toString(asThePassReadIt.getRestarts()));
      // The pass's cache has seen the restart's Deployment, so it takes the generation it read for
      // a missed one, and applies it.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  generation.equals(
                      generationOf(observer.deployment(asThePassReadIt.getCloudEnv(), name))));

      // The older generation is not written over the newer one the watch has seen, not even once.
      assertThat(deployer.apply(asThePassReadIt, true)).isEqualTo(ApplyResult.UNCHANGED);
      keeper.converge(asThePassReadIt, clock.instant());

      assertThat(generationOf(deployment(name))).isEqualTo(generation);
    } finally {
      scheduled.unlock();
    }
  }

  @Test
  void anApplyOfAnOlderGenerationThatWroteFirstIsFollowedByTheNewOne() {
    String name = attachedReadyPod("older-generation-wrote");
    SimpleLock scheduled = ScheduledJobLock.hold(locks, "jupyter-pool");
    try {
      // No Deployment anywhere (deleted behind the control plane's back), so nothing tells the
      // apply of the generation read before that a newer one exists ...
      sandbox
          .kubernetes()
          .client()
          .apps()
          .deployments()
          .inNamespace("ray")
          .withName(name)
          .withGracePeriod(0)
          .delete();
      JupyterPodEntity asRead = store.find(name).orElseThrow();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  deployment(name) == null
                      && observer.deployment(asRead.getCloudEnv(), name) == null);
      // ... while a restart's row is written, its apply still to come. Run again on a lost race, as
      // the service's restart is: the observer may still be writing the missing Deployment's
      // status to the row (it failed once so in a fresh-clone run).
      JupyterPodEntity restarted = null;
      for (int attempt = 1; restarted == null; attempt++) {
        try {
          restarted = store.restart(name, JupyterPodAction.RESTARTED, "Restart requested", "test");
        } catch (org.springframework.dao.OptimisticLockingFailureException lost) {
          if (attempt == 4) {
            throw lost;
          }
        }
      }
      assertThat(restarted.getRestarts()).isGreaterThan(asRead.getRestarts());

      service.applyWhileLive(asRead, true);

      assertThat(generationOf(deployment(name)))
          .as("the generation of the row as it is now")
          .isEqualTo(Integer.toString(restarted.getRestarts()));
    } finally {
      scheduled.unlock();
    }
  }

  private static String generationOf(io.fabric8.kubernetes.api.model.apps.Deployment deployment) {
    return deployment == null
        ? null
        : deployment
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(ResourceNames.RESTART_GENERATION_ANNOTATION);
  }

  /** A pod as read (by the keeper, say) before an operator deleted it and its objects went. */
  private JupyterPodEntity deletedAfterItWasRead(String prefix) {
    String name = attachedReadyPod(prefix);
    JupyterPodEntity asRead = store.find(name).orElseThrow();
    assertThat(api.delete("/jupyter/pods/" + name, Api.as("admin@example.com")).status())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                deployment(name) == null
                    && observer.deployment(asRead.getCloudEnv(), name) == null);
    return asRead;
  }

  /** A pod attached to a new consumer, once it is ready. */
  private String attachedReadyPod(String prefix) {
    String name =
        api.post(
                "/jupyter-pod",
                "{\"consumer_id\": \"" + unique(prefix) + "\"}",
                Api.as("darwin-workspace"))
            .data()
            .get("pod_name")
            .asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.find(name).orElseThrow().getStatus() == JupyterPodStatus.READY);
    return name;
  }
}
