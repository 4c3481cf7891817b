package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.kube.KubernetesErrors;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectHash;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.manifest.RenderHandOver;
import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterTombstoneRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterRequest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One reconcile pass of one cluster: load the snapshot, take the lease, read the {@link
 * LiveCluster}, let {@link ReconcileDecision} choose the step, carry it out, and say how it ended.
 */
@Component
class ReconcilePass {

  private static final Logger log = LoggerFactory.getLogger(ReconcilePass.class);

  private final ClusterStatusWriter writer;
  private final ClusterLeases leases;
  private final ClusterTombstoneRepository tombstones;
  private final KubernetesTargets targets;
  private final LiveClusters live;
  private final ClusterManifests manifests;
  private final ClusterObjects objects;
  private final RenderHandOver handOver;
  private final MeterRegistry meters;
  private final Timer applyLatency;

  /** Clusters in a failure streak, with its length (the loop backs off on it). */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  // Failed applies only (the timeline's "Apply Failed" ... "Applied"), apart from failed passes of
  // any cause (the backoff): a pass that failed on the database never made Kubernetes refuse it.
  private final Map<String, ApplyStreak> applyFailures = new ConcurrentHashMap<>();

  /**
   * Stopped clusters whose RayCluster could not be deleted, by the run whose failure is on the
   * timeline: shown once per run, not at each retry. Kept across resyncs (which forget stopped
   * clusters) until the delete goes through or the cluster is deleted.
   */
  private final Map<String, String> stopFailures = new ConcurrentHashMap<>();

  /**
   * Applies of one start or restart of a cluster that failed in a row: of its run and restart
   * generation. A new one (a start after a stop that no pass saw, a restart) begins a new streak,
   * shown in the timeline as that one's failure ("Restart Apply Failed"...), where the old count
   * made its failures look like retries of the last one's. Not an edit: most (tags, a rename, an
   * owner) change nothing that is applied. Its recovery is shown in its run.
   */
  private record ApplyStreak(String runId, int restartGeneration, int failed) {

    boolean of(ClusterSnapshot cluster) {
      return Objects.equals(runId, cluster.runId())
          && restartGeneration == cluster.restartGeneration();
    }
  }

  /** What the last full pass of a running cluster saw, in this process. */
  private final Map<String, Passed> passed = new ConcurrentHashMap<>();

  /**
   * When each cluster's last pass began ({@link System#nanoTime()}): a resync forgets only what it
   * could have known of, not a cluster created after it read its candidates and passed since.
   */
  private final Map<String, Long> passBegan = new ConcurrentHashMap<>();

  /** What rendered the RayCluster this process last applied, and the hash it stamped. */
  private final Map<String, Applied> applied = new ConcurrentHashMap<>();

  /**
   * This process's writes of a cluster's RayCluster made only because labels it applied were gone:
   * at most {@link #LABEL_REPAIRS} per {@code compute.reconciler.label-repair-interval}, so a
   * controller that keeps rewriting one of them (a mutating webhook) is not fought at every event,
   * while a few edits by hand are each undone at once.
   */
  private final Map<String, LabelRepairs> labelRepairs = new ConcurrentHashMap<>();

  static final int LABEL_REPAIRS = 3;
  private final Duration labelRepairInterval;

  /** The label repairs of one cluster since {@code since} ({@link System#nanoTime}). */
  private record LabelRepairs(long since, int count) {}

  /** Clusters whose label repair this pass held back: how long until the next may go. */
  private final Map<String, Duration> repairsHeldBack = new ConcurrentHashMap<>();

  ReconcilePass(
      ClusterStatusWriter writer,
      ClusterLeases leases,
      ClusterTombstoneRepository tombstones,
      KubernetesTargets targets,
      LiveClusters live,
      ClusterManifests manifests,
      ClusterObjects objects,
      RenderHandOver handOver,
      ObjectProvider<MeterRegistry> meters,
      ReconcilerProperties properties) {
    this.writer = writer;
    this.leases = leases;
    this.tombstones = tombstones;
    this.targets = targets;
    this.live = live;
    this.manifests = manifests;
    this.objects = objects;
    this.handOver = handOver;
    this.labelRepairInterval = properties.labelRepairInterval();
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    // Everything one apply sends (dependents and the RayCluster), failed ones included.
    this.applyLatency =
        Timer.builder("darwin.reconciler.apply")
            .description("Time to apply a cluster's objects to Kubernetes")
            .publishPercentileHistogram()
            .register(this.meters);
  }

  /**
   * What the last full pass of a running cluster saw.
   *
   * @param applied false when the pass only saw it, another replica holding its lease
   */
  record Passed(int specVersion, int restartGeneration, int requiredWorkers, boolean applied) {

    /**
     * What a pass leaves remembered after {@code last}. Only seen ({@code applied} false: another
     * replica holds the lease), it is unapplied only if it saw something new (another spec or
     * restart generation than {@code last}), which that replica may not live to apply. Every event
     * reaches every replica's passes, and a pass that saw nothing new marking the cluster unapplied
     * made the next resync after a quiet spell (the holder's lease runs out without passes) take
     * the cluster over, and the next event take it back: a pass and a lease write each way.
     */
    static Passed after(
        Passed last, int specVersion, int restartGeneration, int requiredWorkers, boolean applied) {
      boolean nothingNew =
          last != null
              && last.specVersion() == specVersion
              && last.restartGeneration() == restartGeneration;
      return new Passed(
          specVersion,
          restartGeneration,
          requiredWorkers,
          applied || (nothingNew && last.applied()));
    }
  }

  /**
   * The inputs of a render, and the hash and labels stamped on what it produced.
   *
   * @param labels the RayCluster's labels as applied: a live object lacking one (removed by hand)
   *     is written again, although its hash annotation says it is as rendered
   */
  private record Applied(
      ClusterRequest spec,
      String owner,
      String cloudEnv,
      String namespace,
      RenderInput.RuntimeImage runtime,
      int restartGeneration,
      String liveUid,
      String hash,
      Map<String, String> labels) {}

  /**
   * @param running false once the loop is stopping: a pass that has not started writing gives up
   */
  PassOutcome run(String clusterId, BooleanSupplier running) {
    passBegan.put(clusterId, System.nanoTime());
    try {
      return pass(clusterId, running);
    } catch (RuntimeException | Error e) {
      // An Error too (a StackOverflowError on one cluster's spec, a class that failed to load):
      // thrown out of here it ended the worker thread for good, and with the few workers gone
      // the replica ran no pass again while it still looked healthy. Retried with backoff instead.
      return new PassOutcome.Failed(e);
    }
  }

  private PassOutcome pass(String clusterId, BooleanSupplier running) {
    // A create's first pass starts from the row the create committed (no read of it back).
    Optional<ClusterSnapshot> loaded =
        handOver.takeCommitted(clusterId).map(writer::snapshotOf).or(() -> writer.load(clusterId));
    if (loaded.isEmpty()) {
      if (tombstones.existsById(clusterId)) {
        removeLeftovers(clusterId, null);
      }
      forget(clusterId);
      return PassOutcome.DONE;
    }
    ClusterSnapshot cluster = loaded.get();
    // Set only by this pass's apply: one a failed pass left is not this one's.
    repairsHeldBack.remove(clusterId);
    if (!running.getAsBoolean()) {
      return PassOutcome.DONE;
    }
    if (!leases.acquire(clusterId)) {
      // Another replica holds this cluster and reconciles it (it renders for itself); resyncs
      // here look again only when the row or the live objects change.
      handOver.drop(clusterId);
      if (cluster.desiredState() == DesiredState.RUNNING) {
        remember(cluster, false);
      }
      return PassOutcome.DONE;
    }
    KubernetesTarget target = targets.get(cluster.cloudEnv());
    if (!live.synced(target)) {
      return new PassOutcome.RequeueAfter(Duration.ofSeconds(1));
    }
    LiveCluster now = live.of(target, clusterId);
    // A cluster lives on its own target only: anything of its on another (it moved while a
    // deletion there was lost) is a leftover.
    removeLeftovers(clusterId, target);
    switch (ReconcileDecision.step(cluster, now)) {
      case NOTHING -> {
        passed.remove(clusterId);
        failures.remove(clusterId);
        // A stop ends a streak of failed applies: the next start's first failure is shown again.
        applyFailures.remove(clusterId);
      }
      case DELETE -> {
        boolean stopped = cluster.desiredState() == DesiredState.STOPPED;
        if (stopped) {
          passed.remove(clusterId);
          applyFailures.remove(clusterId);
        }
        try {
          delete(target, clusterId, now);
        } catch (RuntimeException e) {
          if (stopped) {
            recordStopFailure(cluster, e);
          }
          throw e;
        }
        stopFailures.remove(clusterId);
        failures.remove(clusterId);
      }
      case WAIT_FOR_DELETION -> failures.remove(clusterId);
      case RUNTIME_MISSING -> {
        recordFailure(cluster, "Runtime '" + cluster.spec().runtime() + "' no longer exists");
        // Said once; retried when the cluster changes (an update to another runtime), not on
        // every resync.
        failures.merge(clusterId, 1, Integer::sum);
      }
      case APPLY_AND_OBSERVE -> {
        boolean reapplied = applyDesired(cluster, target, now).wrote();
        ReconcileDecision.Observation seen = ReconcileDecision.observe(cluster, now);
        log.debug("{}: {} -> {} ({})", clusterId, cluster.status(), seen.status(), seen.census());
        if (!ClusterStatusWriter.unchanged(
            cluster, seen.status(), seen.census(), seen.message(), reapplied)) {
          writer.recordObservation(
              cluster,
              seen.status(),
              seen.census(),
              seen.message(),
              reapplied,
              availableMemory(cluster.spec()));
        }
        remember(cluster, true);
        Duration heldBack = repairsHeldBack.remove(clusterId);
        if (heldBack != null) {
          // Nothing else would bring the pass back when the window ends (a resync does not
          // compare labels).
          return new PassOutcome.RequeueAfter(heldBack);
        }
      }
    }
    return PassOutcome.DONE;
  }

  private ApplyResult applyDesired(
      ClusterSnapshot cluster, KubernetesTarget target, LiveCluster now) {
    // Taken whether used or not: a render left by the request is for this pass only.
    Optional<RenderedCluster> handedOver =
        handOver.take(cluster.clusterId(), cluster.specVersion());
    Applied key = renderInputs(cluster, now.exists() ? uidOf(now.rayCluster()) : null, null, null);
    Applied last = applied.get(cluster.clusterId());
    if (last != null
        && now.exists()
        && key.equals(inputsOf(last))
        && Objects.equals(last.hash(), ObjectHash.annotationOf(now.rayCluster()))
        && (hasLabels(now.rayCluster(), last.labels()) || !labelRepairDue(cluster.clusterId()))) {
      // Nothing that renders changed and the live object carries what was applied: no render.
      return succeeded(cluster, target, ApplyResult.UNCHANGED, null);
    }
    // Counted by where the objects came from: a create's render is handed over, not made again.
    meters
        .counter("darwin.reconciler.renders", "source", handedOver.isPresent() ? "request" : "pass")
        .increment();
    RenderedCluster rendered =
        manifests.forApply(
            handedOver.orElseGet(
                () ->
                    manifests.render(
                        cluster.clusterId(),
                        cluster.spec(),
                        cluster.owner(),
                        cluster.cloudEnv(),
                        cluster.namespace(),
                        cluster.runtime())),
            Map.of(
                ResourceNames.RESTART_GENERATION_ANNOTATION,
                Integer.toString(cluster.restartGeneration())),
            now.rayCluster());
    ObjectApplier.Written<GenericKubernetesResource> outcome;
    try {
      Timer.Sample applying = Timer.start(meters);
      try {
        outcome = objects.applyAndGet(target, rendered, now.rayCluster());
      } finally {
        applying.stop(applyLatency);
      }
    } catch (RuntimeException e) {
      meters.counter("darwin.reconciler.applies", "outcome", "failed").increment();
      applied.remove(cluster.clusterId());
      recordFailure(cluster, "Applying the RayCluster failed: " + KubernetesErrors.summary(e));
      throw e;
    }
    // Keyed by the uid of the RayCluster as written: the pass its creation wakes finds nothing
    // that renders changed and renders nothing.
    applied.put(
        cluster.clusterId(),
        renderInputs(
            cluster,
            uidOf(outcome.object()),
            ObjectHash.annotationOf(rendered.rayCluster()),
            rendered.rayCluster().getMetadata().getLabels()));
    return succeeded(cluster, target, outcome.result(), rendered);
  }

  private ApplyResult succeeded(
      ClusterSnapshot cluster, KubernetesTarget target, ApplyResult outcome, RenderedCluster r) {
    meters
        .counter("darwin.reconciler.applies", "outcome", outcome.name().toLowerCase())
        .increment();
    failures.remove(cluster.clusterId());
    ApplyStreak streak = applyFailures.remove(cluster.clusterId());
    if (streak != null && Objects.equals(streak.runId(), cluster.runId())) {
      writer.recordApplyRecovered(cluster, streak.failed());
    }
    if (outcome.wrote() && r != null) {
      log.info(
          "RayCluster {} {} on {}",
          r.rayCluster().getMetadata().getName(),
          outcome.name().toLowerCase(),
          target.name());
    }
    return outcome;
  }

  private static String uidOf(GenericKubernetesResource rayCluster) {
    return rayCluster == null ? null : rayCluster.getMetadata().getUid();
  }

  private static Applied renderInputs(
      ClusterSnapshot cluster, String liveUid, String hash, Map<String, String> labels) {
    return new Applied(
        cluster.spec(),
        cluster.owner(),
        cluster.cloudEnv(),
        cluster.namespace(),
        cluster.runtime(),
        cluster.restartGeneration(),
        liveUid,
        hash,
        labels == null ? null : Map.copyOf(labels));
  }

  /** The render's inputs alone, to compare with a key built from the row. */
  private static Applied inputsOf(Applied a) {
    return new Applied(
        a.spec(),
        a.owner(),
        a.cloudEnv(),
        a.namespace(),
        a.runtime(),
        a.restartGeneration(),
        a.liveUid(),
        null,
        null);
  }

  /** Whether a write for missing labels may go now, and if so, that it goes now. */
  private boolean labelRepairDue(String clusterId) {
    long now = System.nanoTime();
    LabelRepairs before = labelRepairs.get(clusterId);
    LabelRepairs after =
        before == null || now - before.since() >= labelRepairInterval.toNanos()
            ? new LabelRepairs(now, 1)
            : new LabelRepairs(before.since(), before.count() + 1);
    if (after.count() > LABEL_REPAIRS) {
      repairsHeldBack.put(
          clusterId,
          Duration.ofNanos(labelRepairInterval.toNanos() - (now - after.since())).plusMillis(10));
      return false;
    }
    labelRepairs.put(clusterId, after);
    log.info("RayCluster of {} lacks labels it was applied with: writing them again", clusterId);
    return true;
  }

  /** Whether the live object has every label applied, with its value (others may add theirs). */
  private static boolean hasLabels(GenericKubernetesResource live, Map<String, String> applied) {
    if (applied == null || applied.isEmpty()) {
      return true;
    }
    Map<String, String> labels = live.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(applied.entrySet());
  }

  private void recordFailure(ClusterSnapshot cluster, String message) {
    // Only the first failure of a streak goes to the timeline; retries are logged.
    ApplyStreak streak =
        applyFailures.compute(
            cluster.clusterId(),
            (id, last) ->
                last == null || !last.of(cluster)
                    ? new ApplyStreak(cluster.runId(), cluster.restartGeneration(), 1)
                    : new ApplyStreak(last.runId(), last.restartGeneration(), last.failed() + 1));
    if (streak.failed() == 1) {
      writer.recordApplyFailure(cluster, message);
    }
  }

  /**
   * A stopped cluster whose RayCluster Kubernetes would not delete (RBAC without delete, a webhook
   * refusing it) reads inactive while its pods run on: the first failure of each run goes on its
   * timeline (and to Chronos as CLUSTER_STOP_FAILED); the retries are logged.
   */
  private void recordStopFailure(ClusterSnapshot cluster, RuntimeException e) {
    String run = String.valueOf(cluster.runId());
    if (!run.equals(stopFailures.put(cluster.clusterId(), run))) {
      writer.recordStopFailure(
          cluster,
          "Its RayCluster could not be deleted (" + KubernetesErrors.summary(e) + "); retrying");
    }
  }

  /** Counts a failed pass of a cluster; returns the streak's length (for the loop's backoff). */
  int failedAttempt(String clusterId) {
    return failures.merge(clusterId, 1, Integer::sum);
  }

  boolean failing(String clusterId) {
    return failures.containsKey(clusterId);
  }

  Passed lastPass(String clusterId) {
    return passed.get(clusterId);
  }

  /** This replica's name on the leases. */
  String replica() {
    return leases.owner();
  }

  /**
   * Forgets what it remembers of clusters no longer wanted running nor running: a failed pass of
   * one of them is tried again only if a resync finds something of it left.
   */
  void retainOnly(Set<String> clusterIds) {
    retainOnly(clusterIds, System.nanoTime());
  }

  /**
   * {@link #retainOnly(Set)} for {@code clusterIds} read at {@code readAt} ({@link
   * System#nanoTime()} before the query): a cluster whose pass began since is kept too. A cluster
   * created after the query, its first pass done before this, lost what that pass learned: its next
   * resync rendered and applied it again, and a failing one's streak began again, its failure shown
   * twice.
   */
  void retainOnly(Set<String> candidates, long readAt) {
    Set<String> clusterIds = new HashSet<>(candidates);
    passBegan.forEach(
        (id, began) -> {
          if (began - readAt >= 0) {
            clusterIds.add(id);
          }
        });
    passBegan.keySet().retainAll(clusterIds);
    passed.keySet().retainAll(clusterIds);
    applied.keySet().retainAll(clusterIds);
    labelRepairs.keySet().retainAll(clusterIds);
    repairsHeldBack.keySet().retainAll(clusterIds);
    failures.keySet().retainAll(clusterIds);
    applyFailures.keySet().retainAll(clusterIds);
    leases.retainOnly(clusterIds);
  }

  private void forget(String clusterId) {
    passBegan.remove(clusterId);
    handOver.drop(clusterId);
    leases.forget(clusterId);
    passed.remove(clusterId);
    applied.remove(clusterId);
    labelRepairs.remove(clusterId);
    repairsHeldBack.remove(clusterId);
    failures.remove(clusterId);
    applyFailures.remove(clusterId);
    stopFailures.remove(clusterId);
  }

  private void remember(ClusterSnapshot cluster, boolean applied) {
    passed.compute(
        cluster.clusterId(),
        (id, last) ->
            Passed.after(
                last,
                cluster.specVersion(),
                cluster.restartGeneration(),
                cluster.spec().requiredWorkerPods(),
                applied));
  }

  private static int availableMemory(ClusterRequest spec) {
    int memory = spec.headNodeConfig().effectiveMemory();
    for (var w : spec.workerNodeConfigs()) {
      memory += w.effectiveMemory() * (w.minPods() == null ? 0 : w.minPods());
    }
    return memory;
  }

  private void delete(KubernetesTarget target, String clusterId, LiveCluster now) {
    log.info(
        "Deleting RayCluster {} on {}", now.rayCluster().getMetadata().getName(), target.name());
    applied.remove(clusterId);
    objects.delete(target, now.rayCluster());
  }

  /**
   * A cluster's objects left on any target but {@code home} (every target for a deleted cluster)
   * are ours (by label) to remove. Targets whose caches are not synced yet are looked at by a later
   * resync.
   */
  private void removeLeftovers(String clusterId, KubernetesTarget home) {
    for (KubernetesTarget target : targets.all()) {
      if (target == home || !live.synced(target)) {
        continue;
      }
      LiveCluster left = live.of(target, clusterId);
      if (left.exists() && !left.deleting()) {
        delete(target, clusterId, left);
      }
    }
  }
}
