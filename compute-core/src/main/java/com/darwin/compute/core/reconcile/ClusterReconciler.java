package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.DashboardProperties;
import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.domain.ClusterChanged;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.status.ClusterStatusDeriver;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.status.RayClusterConditions;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ClusterTombstoneRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.ReconcileCandidate;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Converges Kubernetes to the desired state kept in MySQL, level-triggered: whatever woke it (a
 * user change after commit, a watch event, the periodic resync), it reads the whole desired state,
 * the whole observed state from the informer caches, and acts on the difference. Running twice is
 * harmless: an unchanged manifest is not sent again.
 *
 * <p>Stop deletes the RayCluster (chosen over {@code spec.suspend}): the spec lives in MySQL, so
 * nothing is lost, every resource is freed, and {@code spec.suspend} stays free for Kueue.
 */
@Component
public class ClusterReconciler implements SmartLifecycle {

  static final String RESTART_ANNOTATION = ResourceNames.RESTART_GENERATION_ANNOTATION;
  private static final Logger log = LoggerFactory.getLogger(ClusterReconciler.class);

  private final ClusterStatusWriter writer;
  private final ClusterLeases leases;
  private final ClusterTombstoneRepository tombstones;
  private final MeterRegistry meters;
  private final Timer applyLatency;
  private final Set<String> reportedOrphans = ConcurrentHashMap.newKeySet();
  private final ClusterRepository clusters;
  private final KubernetesTargets targets;
  private final ClusterObserver observer;
  private final ClusterObjects objects;
  private final ReconcilerProperties properties;
  private final DashboardProperties dashboards;
  private final ClusterManifests manifests;
  private final KeyedWorkQueue queue = new KeyedWorkQueue();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Passed> passed = new ConcurrentHashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running;

  public ClusterReconciler(
      ClusterStatusWriter writer,
      ClusterLeases leases,
      ClusterTombstoneRepository tombstones,
      ObjectProvider<MeterRegistry> meters,
      ClusterRepository clusters,
      KubernetesTargets targets,
      ClusterObserver observer,
      ClusterObjects objects,
      ReconcilerProperties properties,
      DashboardProperties dashboards,
      ClusterManifests manifests) {
    this.writer = writer;
    this.leases = leases;
    this.tombstones = tombstones;
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    // Everything one apply sends (dependents and the RayCluster), failed ones included.
    this.applyLatency =
        Timer.builder("darwin.reconciler.apply")
            .description("Time to apply a cluster's objects to Kubernetes")
            .publishPercentileHistogram()
            .register(this.meters);
    this.clusters = clusters;
    this.targets = targets;
    this.observer = observer;
    this.objects = objects;
    this.properties = properties;
    this.dashboards = dashboards;
    this.manifests = manifests;
    observer.addListener(queue::add);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  public void onClusterChanged(ClusterChanged event) {
    queue.add(event.clusterId());
  }

  /**
   * Level-triggered safety net for missed or failed events: every cluster that is or should be
   * running is compared, in memory, with the informer caches, and only those that diverge get a
   * full pass. A full pass costs a dozen statements and a render; the comparison costs one query
   * for all clusters.
   *
   * @return how many clusters were queued for a full pass
   */
  @Scheduled(
      fixedDelayString = "${compute.reconciler.resync-interval:30s}",
      initialDelayString = "${compute.reconciler.resync-interval:30s}")
  public int resync() {
    if (!running) {
      return 0;
    }
    List<ReconcileCandidate> candidates = clusters.findReconcileCandidates();
    Set<String> current = new HashSet<>();
    int queued = 0;
    for (ReconcileCandidate candidate : candidates) {
      current.add(candidate.clusterId());
      if (divergedOrFailing(candidate)) {
        queue.add(candidate.clusterId());
        queued++;
      }
    }
    passed.keySet().retainAll(current);
    reportOrphans();
    return queued;
  }

  /**
   * One row that cannot be compared (an unexpected exception) is queued for a full pass, whose
   * failures are retried with backoff per cluster: it never stops the resync of the others.
   */
  private boolean divergedOrFailing(ReconcileCandidate row) {
    try {
      return diverged(row);
    } catch (RuntimeException e) {
      log.warn("Resync could not compare {}; queued for a full pass", row.clusterId(), e);
      meters.counter(ClusterJobFailures.METRIC, "job", "resync").increment();
      return true;
    }
  }

  /**
   * Whether the live objects may disagree with the row: anything the last full pass did not see
   * (another spec or restart generation, or no pass yet in this process), a missing or stale
   * RayCluster, or pods that would give another status or pod count than the row holds.
   */
  private boolean diverged(ReconcileCandidate row) {
    if (failures.containsKey(row.clusterId())) {
      return false; // already queued again, with backoff
    }
    KubernetesTarget target;
    try {
      target = targets.get(row.cloudEnv());
    } catch (IllegalArgumentException e) {
      return true; // the full pass reports it
    }
    if (!observer.hasSynced(target.name())) {
      return true;
    }
    GenericKubernetesResource live = observer.rayCluster(target.name(), row.clusterId());
    boolean deleting = live != null && live.getMetadata().getDeletionTimestamp() != null;
    if (row.desiredState() == DesiredState.STOPPED) {
      return live != null && !deleting;
    }
    Passed last = passed.get(row.clusterId());
    if (last == null
        || last.specVersion() != row.specVersion()
        || last.restartGeneration() != row.restartGeneration()) {
      return true;
    }
    if (live == null) {
      return true;
    }
    if (deleting) {
      return false; // its deletion event wakes the reconciler
    }
    if (restartGeneration(live) != row.restartGeneration()) {
      return true;
    }
    PodCensus census = PodCensus.of(ownedPods(target, row.clusterId(), live));
    ClusterStatus observed =
        ClusterStatusDeriver.derive(row.status(), census, last.requiredWorkers());
    return observed != row.status() || census.runningPods() != row.activePods();
  }

  /** What the last full pass of a running cluster saw, in this process. */
  private record Passed(int specVersion, int restartGeneration, int requiredWorkers) {}

  private void rememberPass(ClusterSnapshot cluster) {
    passed.put(
        cluster.clusterId(),
        new Passed(
            cluster.specVersion(),
            cluster.restartGeneration(),
            cluster.spec().requiredWorkerPods()));
  }

  /**
   * Managed RayClusters whose cluster MySQL does not know (another installation sharing the
   * namespace, or a restored database): reported, never deleted.
   */
  void reportOrphans() {
    Set<String> known = new HashSet<>(clusters.findAllIds());
    for (KubernetesTarget target : targets.all()) {
      if (!observer.hasSynced(target.name())) {
        continue;
      }
      for (GenericKubernetesResource rc : observer.allRayClusters(target.name())) {
        String id = ClusterObserver.clusterIdOf(rc);
        if (id != null
            && !known.contains(id)
            && !tombstones.existsById(id)
            && reportedOrphans.add(target.name() + "/" + id)) {
          log.warn(
              "RayCluster {} on {} is labelled as managed by Darwin Compute but cluster {} is not in"
                  + " the database; leaving it alone",
              rc.getMetadata().getName(),
              target.name(),
              id);
        }
      }
    }
  }

  /** Clusters queued for a pass or in one now, retries included (a benchmark waits for zero). */
  public int backlog() {
    return queue.backlog();
  }

  /** Orphans reported so far, as {@code target/clusterId}. */
  public Set<String> reportedOrphans() {
    return Set.copyOf(reportedOrphans);
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      return;
    }
    running = true;
    for (int i = 0; i < properties.workers(); i++) {
      Thread t = new Thread(this::work, "reconciler-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    // On start-up every known cluster is looked at once: a restart of the service loses nothing.
    clusters.findAllIds().forEach(queue::add);
    meters.gauge("darwin.reconciler.queue", queue, KeyedWorkQueue::size);
  }

  private void work() {
    while (running) {
      String clusterId;
      try {
        clusterId = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        reconcile(clusterId);
      } catch (RuntimeException e) {
        log.warn("Reconcile of {} failed", clusterId, e);
        queue.addAfter(clusterId, backoff(failures.merge(clusterId, 1, Integer::sum)));
      } finally {
        queue.done(clusterId);
      }
    }
  }

  private Duration backoff(int attempt) {
    return new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff())
        .after(attempt);
  }

  /** One pass for one cluster. Package-private for tests. */
  void reconcile(String clusterId) {
    Optional<ClusterSnapshot> loaded = writer.load(clusterId);
    if (loaded.isEmpty()) {
      if (tombstones.existsById(clusterId)) {
        removeLeftovers(clusterId);
      }
      return;
    }
    ClusterSnapshot cluster = loaded.get();
    if (!running) {
      return;
    }
    if (!leases.acquire(clusterId)) {
      // Another replica holds this cluster and reconciles it; resyncs here look again only when
      // the row or the live objects change.
      if (cluster.desiredState() == DesiredState.RUNNING) {
        rememberPass(cluster);
      }
      return;
    }
    KubernetesTarget target = targets.get(cluster.cloudEnv());
    if (!observer.hasSynced(target.name())) {
      queue.addAfter(clusterId, Duration.ofSeconds(1));
      return;
    }
    GenericKubernetesResource live = observer.rayCluster(target.name(), clusterId);
    if (cluster.desiredState() == DesiredState.STOPPED) {
      passed.remove(clusterId);
      if (live != null && live.getMetadata().getDeletionTimestamp() == null) {
        delete(target, live);
      }
      return;
    }
    if (live != null && live.getMetadata().getDeletionTimestamp() != null) {
      return; // still going away; its deletion event wakes us up again
    }
    if (live != null && restartGeneration(live) != cluster.restartGeneration()) {
      delete(target, live); // a restart: the old pods go first, then the cluster is recreated
      return;
    }
    if (cluster.runtime() == null) {
      recordFailure(cluster, "Runtime '" + cluster.spec().runtime() + "' no longer exists");
      // Said once; retried when the cluster changes (an update to another runtime), not on every
      // resync.
      failures.merge(clusterId, 1, Integer::sum);
      return;
    }
    boolean reapplied = applyDesired(cluster, target, live).wrote();
    List<Pod> pods = live == null ? List.of() : ownedPods(target, clusterId, live);
    PodCensus census = PodCensus.of(pods);
    RayClusterConditions conditions = RayClusterConditions.of(live);
    ClusterStatus observed =
        ClusterStatusDeriver.derive(cluster.status(), census, cluster.spec().requiredWorkerPods());
    String message = conditions.message() != null ? conditions.message() : census.headMessage();
    log.debug("{}: {} -> {} ({}, {})", clusterId, cluster.status(), observed, census, conditions);
    writer.recordObservation(
        cluster, observed, census, message, reapplied, availableMemory(cluster.spec()));
    rememberPass(cluster);
  }

  private ApplyResult applyDesired(
      ClusterSnapshot cluster, KubernetesTarget target, GenericKubernetesResource live) {
    RenderedCluster rendered =
        manifests.forApply(
            manifests.render(
                cluster.clusterId(),
                cluster.spec(),
                cluster.owner(),
                cluster.cloudEnv(),
                cluster.namespace(),
                cluster.runtime()),
            Map.of(RESTART_ANNOTATION, Integer.toString(cluster.restartGeneration())),
            live);
    GenericKubernetesResource desired = rendered.rayCluster();
    ApplyResult outcome;
    try {
      Timer.Sample applying = Timer.start(meters);
      try {
        outcome = objects.apply(target, rendered, live);
      } finally {
        applying.stop(applyLatency);
      }
    } catch (RuntimeException e) {
      meters.counter("darwin.reconciler.applies", "outcome", "failed").increment();
      recordFailure(cluster, "Applying the RayCluster failed: " + e.getMessage());
      throw e;
    }
    meters
        .counter("darwin.reconciler.applies", "outcome", outcome.name().toLowerCase())
        .increment();
    Integer failed = failures.remove(cluster.clusterId());
    if (failed != null) {
      writer.recordApplyRecovered(cluster, failed);
    }
    if (outcome.wrote()) {
      log.info(
          "RayCluster {} {} on {}",
          desired.getMetadata().getName(),
          outcome.name().toLowerCase(),
          target.name());
    }
    return outcome;
  }

  private void recordFailure(ClusterSnapshot cluster, String message) {
    // Only the first failure of a streak goes to the timeline; retries are logged.
    if (!failures.containsKey(cluster.clusterId())) {
      writer.recordApplyFailure(cluster, message);
    }
  }

  /** Pods of the live RayCluster only: pods of a deleted earlier incarnation do not count. */
  private List<Pod> ownedPods(
      KubernetesTarget target, String clusterId, GenericKubernetesResource live) {
    String uid = live.getMetadata().getUid();
    return observer.pods(target.name(), clusterId).stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences() == null
                    || p.getMetadata().getOwnerReferences().isEmpty()
                    || p.getMetadata().getOwnerReferences().stream()
                        .map(OwnerReference::getUid)
                        .anyMatch(u -> u == null || u.equals(uid)))
        .toList();
  }

  private static int restartGeneration(GenericKubernetesResource live) {
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(RESTART_ANNOTATION);
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int availableMemory(ClusterRequest spec) {
    int memory = spec.headNodeConfig().effectiveMemory();
    for (var w : spec.workerNodeConfigs()) {
      memory += w.effectiveMemory() * (w.minPods() == null ? 0 : w.minPods());
    }
    return memory;
  }

  private void delete(KubernetesTarget target, GenericKubernetesResource live) {
    log.info("Deleting RayCluster {} on {}", live.getMetadata().getName(), target.name());
    objects.delete(target, live);
  }

  /** A deleted cluster's objects, if any are left, are ours (by label) to remove. */
  private void removeLeftovers(String clusterId) {
    for (KubernetesTarget target : targets.all()) {
      GenericKubernetesResource live = observer.rayCluster(target.name(), clusterId);
      if (live != null && live.getMetadata().getDeletionTimestamp() == null) {
        delete(target, live);
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    workers.forEach(Thread::interrupt);
    // Let passes in flight finish first: one that took a lease after the release below would
    // hold its cluster from the next process until the lease expired.
    for (Thread worker : workers) {
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.clear();
    try {
      leases.releaseAll();
    } catch (RuntimeException e) {
      log.warn("Could not release reconcile leases; they expire on their own", e);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
