package com.darwin.compute.core.history;

import com.darwin.compute.core.config.SlackProperties;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Enforces the time to live: stops every server whose {@code expires_at} has passed, writes {@code
 * Expired} on its timeline and alerts, as for an auto-terminated cluster. Runs on one replica
 * (ShedLock); and each stop is a conditional update, so even two runs at once stop (and alert
 * about) a server once.
 *
 * <p>Then a repair pass over the watch caches: the objects of a server that is not running, or that
 * an earlier start left somewhere else, are deleted (a stop whose delete failed), and a running
 * server whose Deployment is gone, or is an earlier start's, or whose Service is gone or not owned
 * by that Deployment, is applied again; one whose row says another status than its Deployment in
 * the cache (the watch's write failed) is given the Deployment's.
 */
@Component
public class HistoryServerExpiry {

  private static final Logger log = LoggerFactory.getLogger(HistoryServerExpiry.class);

  /** Running servers read per statement by the repair pass, and judged together. */
  static final int REPAIR_PAGE = 1_000;

  private final HistoryServerStore store;
  private final HistoryServerDeployer deployer;
  private final HistoryServerObserver observer;
  private final KubernetesTargets targets;
  private final AlertService alerts;
  private final SlackProperties slack;
  private final HistoryProperties properties;
  private final Clock clock;

  /**
   * The rows the last repair pass on this replica saw disagree with their cached Deployment, by id,
   * with that Deployment's version ({@link #catchUp}).
   */
  private volatile Map<String, String> disagreedLastPass = Map.of();

  public HistoryServerExpiry(
      HistoryServerStore store,
      HistoryServerDeployer deployer,
      HistoryServerObserver observer,
      KubernetesTargets targets,
      AlertService alerts,
      SlackProperties slack,
      HistoryProperties properties,
      Clock clock) {
    this.store = store;
    this.deployer = deployer;
    this.observer = observer;
    this.targets = targets;
    this.alerts = alerts;
    this.slack = slack;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${compute.history.expiry-interval:30s}",
      initialDelayString = "${compute.history.expiry-interval:30s}")
  @SchedulerLock(name = "spark-history-server-expiry")
  public void run() {
    expireDue();
    stopThoseOfDeletedClusters();
    repair();
  }

  /**
   * Stops the running servers of clusters that were deleted and deletes their objects (their rows
   * stay, stopped, with a timeline entry saying why, until someone deletes them). No alert: the
   * cluster's owner deleted it.
   *
   * @return the servers this call stopped
   */
  public List<String> stopThoseOfDeletedClusters() {
    List<String> stopped = new ArrayList<>();
    for (String id : store.runningOfDeletedClusters()) {
      try {
        if (store.stopForDeletedCluster(id)) {
          stopped.add(id);
          deleteWhileStopped(id);
          log.info("Stopped Spark History Server {}: its cluster was deleted", id);
        }
      } catch (RuntimeException e) {
        log.warn(
            "Stopping Spark History Server {} of a deleted cluster failed: {}", id, e.toString());
      }
    }
    return stopped;
  }

  /**
   * @return the servers this call stopped
   */
  public List<String> expireDue() {
    List<String> stopped = new ArrayList<>();
    List<Alert> toSend = new ArrayList<>();
    for (String id : store.expired()) {
      try {
        Optional<HistoryServerEntity> expired = store.expire(id);
        if (expired.isEmpty()) {
          continue; // stopped, extended or expired by someone else meanwhile
        }
        HistoryServerEntity server = expired.get();
        stopped.add(id);
        deleteWhileStopped(id);
        toSend.add(alert(server));
        log.info("Spark History Server {} expired after {} minutes", id, server.getTtl());
      } catch (RuntimeException e) {
        log.warn("Expiring Spark History Server {} failed: {}", id, e.toString());
      }
    }
    alerts.send(toSend);
    return stopped;
  }

  /**
   * Leftover objects of stopped servers are deleted; lost Deployments of running ones (missing, or
   * an earlier start's) re-applied, once their start is older than the repair grace (until then the
   * starting request owns them). Both are judged from a read of the rows and the watch cache, and
   * acted on only while the row, read again and locked, is still as judged ({@link #reapply},
   * {@link #deleteLeftovers}).
   *
   * <p>The running servers are read and judged a page at a time, all of them; the rows of the
   * objects in the caches a thousand ids per statement. So a pass costs a few statements per
   * thousand servers, not one per server, and none is left out past any number; plus a write for
   * each server whose status it catches up ({@link #catchUp}).
   *
   * <p>One pass at a time on a replica (ShedLock keeps the scheduled ones apart across replicas; a
   * direct call waits here): the catch-up's two passes in a row must not overlap.
   */
  public synchronized void repair() {
    String after = "";
    List<HistoryServerEntity> page;
    Map<String, String> disagreeing = new HashMap<>();
    do {
      page = store.runningAfter(after, REPAIR_PAGE);
      reapply(lost(page));
      catchUp(page, disagreeing);
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).getId();
      }
    } while (page.size() == REPAIR_PAGE);
    disagreedLastPass = disagreeing;
    deleteLeftovers(leftovers());
    deleteOrphanServices(orphanServices());
  }

  /**
   * Writes the status the cached Deployment of a running server's start says, where its row says
   * otherwise: a watch's write that failed (a database hiccup) is caught up here, since the watch
   * writes each version of a Deployment once ({@link HistoryServerObserver#statusWriter}). Only
   * when the previous pass on this replica saw the row disagree with the same version of the
   * Deployment, from a watch that is connected: a row read just before the watch's write, a version
   * read just before a newer one came, or a cache behind another replica's while its watch
   * reconnects, are not written over what the watch writes. Only the servers that differ cost a
   * statement.
   *
   * @param disagreeing where this pass notes, by server id, the Deployment version each disagreeing
   *     row was seen against
   * @return the servers whose row this call changed
   */
  List<String> catchUp(Collection<HistoryServerEntity> running, Map<String, String> disagreeing) {
    List<String> changed = new ArrayList<>();
    Instant startedBefore = clock.instant().minus(properties.repairGrace());
    for (HistoryServerEntity server : running) {
      Deployment deployment = observer.deployment(server.getCloudEnv(), server.getId());
      if (deployment == null
          || !observer.isWatching(server.getCloudEnv())
          || !ofItsStart(deployment, server)
          // One that does not say its start may be an earlier start's until the grace is over.
          || (HistoryServerStatusDeriver.startedAt(deployment) == null
              && !server.getStartedAt().isBefore(startedBefore))) {
        continue;
      }
      HistoryServerStatusDeriver.Observed observed = HistoryServerStatusDeriver.of(deployment);
      if (observed.status() == server.getStatus()) {
        continue;
      }
      String version = deployment.getMetadata().getResourceVersion();
      disagreeing.put(server.getId(), version);
      if (version == null || !version.equals(disagreedLastPass.get(server.getId()))) {
        continue; // seen once: the watch may be writing it now
      }
      try {
        if (store.catchUp(server, observed.status(), observed.message())) {
          changed.add(server.getId());
          log.info(
              "Spark History Server {}: status {} caught up from its Deployment",
              server.getId(),
              observed.status().wireName());
        }
      } catch (RuntimeException e) {
        log.warn(
            "Catching up the status of Spark History Server {} failed: {}",
            server.getId(),
            e.toString());
      }
    }
    return changed;
  }

  /**
   * Re-applies the objects of servers judged running without a Deployment of their start, each only
   * if its row is still running the same start: a stop that landed since the judgement is not
   * undone (its delete waits for this apply and then removes what it made), and a new start is left
   * to its request.
   *
   * @return the servers whose row was still as judged (their objects applied, or found as rendered)
   */
  public List<String> reapply(Collection<HistoryServerEntity> judged) {
    List<String> applied = new ArrayList<>();
    for (HistoryServerEntity server : judged) {
      String id = server.getId();
      AtomicBoolean wrote = new AtomicBoolean();
      try {
        // Only its Service lost: the Deployment is left as it is, even when that write fails.
        boolean serviceOnly = hasCurrentDeployment(server);
        if (store.whileStill(
            id,
            current ->
                current.getStatus().running()
                    && current.getStartedAt().equals(server.getStartedAt()),
            // Fails at once rather than retrying for minutes while it holds the row's lock.
            current ->
                wrote.set(
                    serviceOnly
                        ? deployer.applyServiceNow(current)
                        : deployer.applyNow(current)))) {
          applied.add(id);
          if (wrote.get()) {
            log.info(
                serviceOnly
                    ? "Re-applied the Service of Spark History Server {}: it was gone or not owned"
                        + " by its Deployment"
                    : "Re-applied Spark History Server {}: its Deployment was gone or an earlier"
                        + " start's",
                id);
          } else {
            // The cache was behind, or the Deployment's annotation was edited by hand (its hash
            // says it is as rendered): nothing to write.
            log.debug("Spark History Server {}: its objects are as rendered already", id);
          }
        }
      } catch (RuntimeException e) {
        log.warn("Re-applying Spark History Server {} failed: {}", id, e.toString());
      }
    }
    return applied;
  }

  /**
   * Deletes leftover objects, each only if the row, read again and locked, still does not account
   * for them (not running, or running somewhere else): a user's start since the judgement (which
   * deletes the old objects and applies new ones under the same names) keeps its objects, and a
   * start that comes now waits for this delete to finish.
   *
   * @return the servers whose objects were deleted
   */
  public List<String> deleteLeftovers(Collection<HistoryServerLeftover> judged) {
    List<String> deleted = new ArrayList<>();
    for (HistoryServerLeftover leftover : judged) {
      if (deleteWhileLeft(
          leftover,
          current -> deployer.deleteLeftNow(current, leftover.target(), leftover.namespace()))) {
        deleted.add(leftover.id());
      }
    }
    return deleted;
  }

  /**
   * Running servers started longer than the grace ago whose Deployment the cache lacks, or holds as
   * an earlier start applied it: that start's apply ran late, over this one's, and could not read
   * the row afterwards to put this one's back. (One that does not say which start it is, applied
   * before Deployments said, is taken for the current start's.) And those whose Service the cache
   * lacks (deleted by hand: the server's link is dead) or holds without an owner reference to the
   * Deployment (applied before Services had one, or over an earlier Deployment: Kubernetes would
   * collect it).
   */
  private List<HistoryServerEntity> lost(List<HistoryServerEntity> running) {
    Instant startedBefore = clock.instant().minus(properties.repairGrace());
    return running.stream()
        .filter(
            server ->
                server.getStartedAt().isBefore(startedBefore)
                    && observer.hasSynced(server.getCloudEnv())
                    && (!hasCurrentDeployment(server) || lostItsService(server)))
        .toList();
  }

  private boolean lostItsService(HistoryServerEntity server) {
    String target = server.getCloudEnv();
    Deployment deployment = observer.deployment(target, server.getId());
    if (deployment == null || !observer.servicesSynced(target)) {
      return false;
    }
    Service service = observer.service(target, server.getId());
    return service == null
        || !HistoryServerDeployer.ownedBy(service, deployment.getMetadata().getUid());
  }

  private boolean hasCurrentDeployment(HistoryServerEntity server) {
    Deployment deployment = observer.deployment(server.getCloudEnv(), server.getId());
    return deployment != null && ofItsStart(deployment, server);
  }

  /** Whether the Deployment was applied for the server's current start (or does not say). */
  private static boolean ofItsStart(Deployment deployment, HistoryServerEntity server) {
    Instant start = HistoryServerStatusDeriver.startedAt(deployment);
    return start == null || start.equals(server.getStartedAt());
  }

  /**
   * Deployments in the caches whose row is there but does not account for them: not running, or
   * running somewhere else. A Deployment without a row is left alone (not one this control plane
   * can judge; a delete removes the objects before the row).
   */
  private List<HistoryServerLeftover> leftovers() {
    List<HistoryServerLeftover> candidates = new ArrayList<>();
    for (String target : observer.targetNames()) {
      for (Deployment deployment : observer.deployments(target)) {
        candidates.add(
            new HistoryServerLeftover(
                target,
                apiServerOf(target),
                deployment.getMetadata().getNamespace(),
                deployment.getMetadata().getName(),
                HistoryServerStatusDeriver.startedAt(deployment)));
      }
    }
    Map<String, HistoryServerEntity> rows = rowsOf(candidates);
    return candidates.stream()
        .filter(
            candidate -> {
              HistoryServerEntity row = rows.get(candidate.id());
              return row != null && !ownedBy(row, candidate);
            })
        .toList();
  }

  private Map<String, HistoryServerEntity> rowsOf(List<HistoryServerLeftover> candidates) {
    return candidates.isEmpty()
        ? Map.of()
        : store.findAll(candidates.stream().map(HistoryServerLeftover::id).toList());
  }

  /**
   * Services in the caches without a Deployment of their name beside them, whose row is there and
   * does not account for them (a stop whose Service delete failed after the Deployment's went, or a
   * Service applied before Services were owned by their Deployment: Kubernetes collects the
   * others). As for Deployments, one without a row is left alone, and one whose server runs
   * elsewhere too (its Deployment here may be about to be applied again).
   */
  private List<HistoryServerLeftover> orphanServices() {
    List<HistoryServerLeftover> candidates = new ArrayList<>();
    for (String target : observer.targetNames()) {
      if (!observer.hasSynced(target) || !observer.servicesSynced(target)) {
        continue;
      }
      Set<String> deployments = new HashSet<>();
      observer.deployments(target).forEach(d -> deployments.add(key(d)));
      for (Service service : observer.services(target)) {
        if (!deployments.contains(key(service))) {
          candidates.add(
              new HistoryServerLeftover(
                  target,
                  apiServerOf(target),
                  service.getMetadata().getNamespace(),
                  service.getMetadata().getName(),
                  null));
        }
      }
    }
    Map<String, HistoryServerEntity> rows = rowsOf(candidates);
    return candidates.stream()
        .filter(
            candidate -> {
              HistoryServerEntity row = rows.get(candidate.id());
              // A Service says no start, so any running row accounts for it: left alone.
              return row != null && !row.getStatus().running();
            })
        .toList();
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /**
   * Deletes Services left without their Deployment, each only if the row, read again and locked,
   * still does not account for them, and no Deployment of their name is there, asked now ({@link
   * HistoryServerDeployer#deleteOrphanServiceNow}).
   *
   * @return the servers whose Service was deleted
   */
  public List<String> deleteOrphanServices(Collection<HistoryServerLeftover> judged) {
    List<String> deleted = new ArrayList<>();
    for (HistoryServerLeftover orphan : judged) {
      if (deleteWhileLeft(
          orphan,
          current ->
              deployer.deleteOrphanServiceNow(
                  current.getId(), orphan.target(), orphan.namespace()))) {
        deleted.add(orphan.id());
      }
    }
    return deleted;
  }

  private boolean ownedBy(HistoryServerEntity row, HistoryServerLeftover leftover) {
    return leftover.ownedBy(
        row, apiServerOf(row.getCloudEnv()), clock.instant().minus(properties.repairGrace()));
  }

  private String apiServerOf(String target) {
    return targets.find(target).map(t -> t.client().getMasterUrl().toString()).orElse(null);
  }

  /**
   * Deletes what a server left if its row, read again and locked, still does not own it, through
   * {@code delete} (which asks the API server again: {@link HistoryServerDeployer#deleteLeftNow},
   * {@link HistoryServerDeployer#deleteOrphanServiceNow}).
   */
  private boolean deleteWhileLeft(
      HistoryServerLeftover leftover, Predicate<HistoryServerEntity> delete) {
    try {
      // Fails at once rather than retrying for minutes while it holds the row's lock.
      AtomicBoolean deleted = new AtomicBoolean();
      store.whileStill(
          leftover.id(),
          current -> !ownedBy(current, leftover),
          current -> deleted.set(delete.test(current)));
      return deleted.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // Changed or re-created since it was read: the next run judges it again.
        log.info(
            "Spark History Server {}: what it left on {} changed since it was read; not deleted",
            leftover.id(),
            leftover.target());
      } else {
        warnNotDeleted(leftover, e);
      }
      return false;
    } catch (RuntimeException e) {
      warnNotDeleted(leftover, e);
      return false;
    }
  }

  private static void warnNotDeleted(HistoryServerLeftover leftover, RuntimeException e) {
    log.warn(
        "Deleting what Spark History Server {} left on {} failed (retried next run): {}",
        leftover.id(),
        leftover.target(),
        e.toString());
  }

  /** Deletes an expired server's objects if its row, read again and locked, is not running. */
  private void deleteWhileStopped(String id) {
    try {
      // Fails at once rather than retrying for minutes while it holds the row's lock.
      store.whileStill(id, current -> !current.getStatus().running(), deployer::deleteNow);
    } catch (RuntimeException e) {
      log.warn(
          "Deleting the objects of Spark History Server {} failed (retried next run): {}",
          id,
          e.toString());
    }
  }

  private Alert alert(HistoryServerEntity server) {
    return new Alert(
        server.getId(),
        "EXPIRED:" + server.getStartedAt().toEpochMilli(),
        "SPARK HISTORY SERVER EXPIRED ENV:"
            + slack.environment()
            + "\nServer: "
            + server.getId()
            + "\nResource: "
            + server.getResource()
            + "\nUser: "
            + server.getUser()
            + "\nMessage: its time to live of "
            + server.getTtl()
            + " minutes has passed; stopped");
  }
}
