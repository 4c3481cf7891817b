package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.jupyter.PoolFailures.Failures;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.ReportedOrphans;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the pools and the pods' objects right, on one replica at a time (ShedLock): tops each
 * target's free pods up to its size (and removes a surplus) under the pool's row lock, re-applies
 * objects that are missing or stale, replaces pods that failed or did not start in time, and
 * finishes the deletion of pods whose objects survived it (Deployments this database does not know
 * are reported, never deleted: another installation may share the namespace). It also keeps, per
 * target, the NetworkPolicy that closes the Jupyter port of the clusters' head pods to all but the
 * proxy and the control plane.
 */
@Component
public class JupyterPoolKeeper {

  private static final Logger log = LoggerFactory.getLogger(JupyterPoolKeeper.class);

  private final JupyterPodStore store;
  private final JupyterPodService service;
  private final JupyterPodDeployer deployer;
  private final JupyterPodObserver observer;
  private final JupyterPodStatusRecorder statuses;
  private final PoolFailures poolFailures;
  private final KubernetesTargets targets;
  private final JupyterPodProperties properties;
  private final Clock clock;
  private final String actor;
  private final ReportedOrphans reportedOrphans = new ReportedOrphans();

  /**
   * When this replica started: only free pods made before it are replaced for being of other
   * settings. During a rolling upgrade the keeper's lock passes between replicas of both versions;
   * each taking the other's pods for outdated, they replaced each other's for as long as both ran.
   * So the newer version's replicas replace the older's pods, never the reverse.
   */
  private final Instant started;

  JupyterPoolKeeper(
      JupyterPodStore store,
      JupyterPodService service,
      JupyterPodDeployer deployer,
      JupyterPodObserver observer,
      JupyterPodStatusRecorder statuses,
      PoolFailures poolFailures,
      KubernetesTargets targets,
      JupyterPodProperties properties,
      ReconcilerProperties reconciler,
      Clock clock) {
    this.statuses = statuses;
    this.poolFailures = poolFailures;
    this.store = store;
    this.service = service;
    this.deployer = deployer;
    this.observer = observer;
    this.targets = targets;
    this.properties = properties;
    this.clock = clock;
    this.actor = "jupyter-pool-keeper@" + reconciler.instanceId();
    this.started = clock.instant();
  }

  @Scheduled(
      fixedDelayString = "${compute.jupyter-pods.keeper-interval:10s}",
      initialDelayString = "${compute.jupyter-pods.keeper-interval:10s}")
  @SchedulerLock(name = "jupyter-pool")
  public void keep() {
    if (properties.enabled()) {
      keepOnce();
    } else {
      // The clusters' head pods serve a Jupyter without a token whether or not there is a pool:
      // their policy is not the pool's to drop.
      targets.all().forEach(this::applyHeadAccessPolicy);
    }
  }

  private void applyHeadAccessPolicy(KubernetesTarget target) {
    try {
      deployer.applyHeadAccessPolicy(
          target.name(), !observer.headAccessPolicySeen(target.name(), target.namespace()));
    } catch (RuntimeException e) {
      log.warn("Applying the head Jupyter policy on {} failed: {}", target.name(), e.toString());
    }
  }

  /** One pass; safe to run from several replicas at once (the refill locks the pool's row). */
  public void keepOnce() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    // A target with no pool any more (compute.jupyter-pods.target moved, a pool-sizes entry
    // removed) keeps none: the free pods left there would otherwise run, unused, for good.
    targets.all().forEach(target -> sizes.put(target.name(), 0));
    sizes.putAll(properties.poolSizesFor(targets.defaultTargetName()));
    Instant now = clock.instant();
    Pass pass;
    try {
      // Before the refills: a streak that ends here (healthy again) lets this pass's refill make
      // the pods it held back.
      pass = new Pass(store.waitingPoolsEndingHealthyStreaks(poolFailures::podSettings));
    } catch (RuntimeException e) {
      // Not knowing which targets wait, this pass takes them all as waiting: it restarts and
      // makes no pod, but still keeps every pod's objects.
      log.warn("Reading the Jupyter pools' failure streaks failed: {}", e.toString());
      pass = new Pass(sizes.keySet());
    }
    for (Map.Entry<String, Integer> pool : sizes.entrySet()) {
      try {
        refill(pool.getKey(), pool.getValue());
      } catch (RuntimeException e) {
        log.warn("Keeping the Jupyter pool of {} failed: {}", pool.getKey(), e.toString());
      }
    }
    List<JupyterPodEntity> live = store.live();
    Set<String> liveNames = new HashSet<>();
    live.forEach(pod -> liveNames.add(pod.getName()));
    for (JupyterPodEntity pod : live) {
      try {
        converge(pod, now, pass);
      } catch (RuntimeException e) {
        log.warn("Keeping Jupyter pod {} failed: {}", pod.getName(), e.toString());
      }
    }
    pass.failed.forEach(poolFailures::record);
    replaceOutdated(live, pass);
    ReportedOrphans.Scan scan = reportedOrphans.scan();
    for (var target : targets.all()) {
      applyHeadAccessPolicy(target);
      if (!observer.hasSynced(target.name())) {
        continue;
      }
      List<Deployment> deployments = observer.allDeployments(target.name());
      // A live pod's Deployment is its own, kept by converge above; the others' rows (deleted
      // pods, or none) are read at once, not one statement per Deployment every pass.
      Map<String, JupyterPodEntity> others;
      try {
        others =
            store.findAll(
                deployments.stream()
                    .map(d -> d.getMetadata().getName())
                    .filter(name -> !liveNames.contains(name))
                    .toList());
      } catch (RuntimeException e) {
        log.warn(
            "Reading the Jupyter pods of {}'s Deployments failed: {}", target.name(), e.toString());
        continue;
      }
      // Only once read: a target scanned without its rows would forget its reported orphans.
      scan.scanning(target.name());
      for (Deployment deployment : deployments) {
        String name = deployment.getMetadata().getName();
        if (liveNames.contains(name)) {
          continue;
        }
        JupyterPodEntity row = others.get(name);
        if (row != null && !row.getStatus().isLive()) {
          // Ours, deleted here, but its objects survived (a delete that failed): finish it.
          log.info("Deleting the objects of deleted Jupyter pod {}", name);
          deployer.deleteOrphan(target.name(), deployment);
        } else if (row == null && scan.report(target.name(), name)) {
          // Not in this database: another installation's, or a restored database. Left alone.
          log.warn(
              "Jupyter Deployment {} on {} is not in the database; leaving it alone",
              name,
              target.name());
        }
      }
    }
    scan.end();
  }

  /** Deployments of Jupyter pods this database does not know, reported and left alone. */
  public Set<String> reportedOrphans() {
    return reportedOrphans.all();
  }

  private void refill(String targetName, int size) {
    if (targets.find(targetName).isEmpty()) {
      log.warn("compute.jupyter-pods names an unknown target {}", targetName);
      return;
    }
    var target = targets.get(targetName);
    JupyterPodStore.PoolChange change =
        store.refill(
            target.name(), target.namespace(), size, actor, deployer.podSettings(target.name()));
    change.created().forEach(pod -> service.apply(pod, false));
    change.removed().forEach(deployer::delete);
  }

  /**
   * Replaces a pod that failed or never started, and makes its target wait the longer before the
   * next: a broken image or a server that crashes as it starts fails every pod, and replacing them
   * at every pass made a pod, a Deployment and their timeline every few seconds for as long as it
   * lasted. A free pod is deleted at once (the pool makes another once the wait is over); an
   * attached one is restarted only when its target does not wait (judged on the row as it is now: a
   * free pod attached since the pass read it is left for a later pass).
   *
   * @return false when the pod is left in place: attached, on a target that waits
   */
  private boolean replaceFailed(JupyterPodEntity pod, String reason, Pass pass) {
    boolean waiting = pass.waiting.contains(pod.getCloudEnv());
    if (pod.isAttached() && waiting) {
      // Left in place, unless nobody has used it for max-idle: then reaped (judged on its row).
      service.replace(pod, reason, actor, false, true);
      return false;
    }
    if (service.replace(pod, reason, actor, !waiting, true)) {
      pass.failed.merge(pod.getCloudEnv(), Failures.of(pod.getName(), reason), Failures::and);
    }
    return true;
  }

  /**
   * Replaces one free pod per target whose Deployment was rendered from other settings than this
   * replica's, and made before it started (a new image, resources or command, after a deployment of
   * the control plane): the Deployment of a pod is never rolled out again while it lives, since
   * that would restart the server of whoever uses it, so without this the pool handed out pods of
   * the earlier settings for as long as they ran. One at a time, and only once no free pod of the
   * target is still starting and it does not wait out a failure streak: a new image that is broken
   * costs one warm pod, not the pool. An attached pod keeps its settings until it is restarted or
   * reaped.
   */
  private void replaceOutdated(List<JupyterPodEntity> live, Pass pass) {
    pass.outdated.forEach(
        (target, pod) -> {
          boolean starting =
              live.stream()
                  .anyMatch(
                      other ->
                          other.getCloudEnv().equals(target)
                              && !other.isAttached()
                              && other.getStatus() == JupyterPodStatus.CREATING);
          if (starting || pass.waiting.contains(target) || pass.failed.containsKey(target)) {
            return;
          }
          // Free as the row is now: a pod attached since this pass read it is left as it is.
          service.replace(pod, OUTDATED, actor, false, false);
        });
  }

  public static final String OUTDATED =
      "Made from earlier settings of the pods (their image, resources or another setting changed)";

  /**
   * What one pass knows of the targets' failures: those waiting when it began, and the pods it
   * replaced for failing, per target (the last one's name and reason); and a free pod per target
   * that is of earlier settings.
   */
  static final class Pass {
    private final Set<String> waiting;
    private final Map<String, Failures> failed = new LinkedHashMap<>();

    /** Per target, a free ready pod whose Deployment is of other settings than this replica's. */
    private final Map<String, JupyterPodEntity> outdated = new LinkedHashMap<>();

    Pass(Set<String> waiting) {
      this.waiting = waiting;
    }

    static Pass none() {
      return new Pass(Set.of());
    }
  }

  /** Why the pod is to be replaced: it failed, or did not start in time; else null. */
  private String failureOf(JupyterPodEntity pod, Instant now) {
    if (pod.getStatus() == JupyterPodStatus.FAILED) {
      return pod.getStatusMessage() == null ? "Its pod failed" : pod.getStatusMessage();
    }
    if (pod.getStatus() == JupyterPodStatus.CREATING
        && pod.getStartedAt().plus(properties.maxStartTime()).isBefore(now)) {
      return "Jupyter did not become ready within " + properties.maxStartTime();
    }
    return null;
  }

  /** Puts one pod as its row (read at the start of the pass) wants it. */
  void converge(JupyterPodEntity pod, Instant now) {
    converge(pod, now, Pass.none());
  }

  private void converge(JupyterPodEntity pod, Instant now, Pass pass) {
    if (statuses.compare(pod)) {
      pod = store.find(pod.getName()).orElse(pod);
      if (!pod.getStatus().isLive()) {
        return; // deleted since the pass read it: the next pass finishes its objects
      }
    }
    String failure = failureOf(pod, now);
    if (failure != null && replaceFailed(pod, failure, pass)) {
      return;
    }
    if (!observer.hasSynced(pod.getCloudEnv())) {
      return;
    }
    Deployment live = observer.deployment(pod.getCloudEnv(), pod.getName());
    if (live != null && Objects.equals(JupyterPodDeployer.generationOf(live), pod.getRestarts())) {
      boolean seen = observer.ownedObjectsSeen(pod.getCloudEnv(), pod.getName());
      if (!seen || !deployer.ownedObjectsApplied(pod, live)) {
        // Its Service or NetworkPolicy was deleted (the watch no longer sees it: read and
        // recreated), or not written after its Deployment (a write that failed), or not by this
        // replica since it started (then a request or two each finds them as rendered). The
        // Deployment itself is left as it is.
        service.applyOwnedObjectsWhileLive(pod, live, !seen);
      }
      if (!pod.isAttached()
          && pod.getStatus() == JupyterPodStatus.READY
          && pod.getCreatedAt().isBefore(started)
          && !deployer.deploymentCurrent(pod, live)) {
        pass.outdated.putIfAbsent(pod.getCloudEnv(), pod);
      }
      return;
    }
    if (failure != null) {
      // Failed and left in place while its target waits: its objects are kept (above), but its
      // Deployment is not written again, which would restart the pod the wait holds back.
      return;
    }
    // Through the service: a pod deleted since this pass read it gets no objects back.
    Optional<ApplyResult> applied = service.applyWhileLive(pod, true);
    if (applied.isEmpty()) {
      return;
    }
    Duration settled = properties.keeperInterval().multipliedBy(2);
    if (applied.get().wrote() && pod.getStartedAt().plus(settled).isBefore(now)) {
      store.recordRepair(
          pod.getName(),
          live == null ? "Its Deployment was missing" : "Its Deployment was stale",
          actor);
    }
  }
}
