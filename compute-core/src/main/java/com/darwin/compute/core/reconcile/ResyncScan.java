package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.status.ClusterStatusDeriver;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ClusterTombstoneRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.ReconcileCandidate;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The level-triggered safety net for missed or failed events: every cluster that is or should be
 * running is compared, in memory, with the informer caches (the same {@link LiveCluster} view the
 * pass reads), and only those that diverge are handed back for a full pass. It also reports managed
 * RayClusters the database does not know.
 */
@Component
class ResyncScan {

  private static final Logger log = LoggerFactory.getLogger(ResyncScan.class);

  private final ClusterRepository clusters;
  private final ClusterTombstoneRepository tombstones;
  private final KubernetesTargets targets;
  private final ClusterObserver observer;
  private final LiveClusters live;
  private final ReconcilePass pass;
  private final MeterRegistry meters;
  private final Set<String> reportedOrphans = ConcurrentHashMap.newKeySet();

  ResyncScan(
      ClusterRepository clusters,
      ClusterTombstoneRepository tombstones,
      KubernetesTargets targets,
      ClusterObserver observer,
      LiveClusters live,
      ReconcilePass pass,
      ObjectProvider<MeterRegistry> meters) {
    this.clusters = clusters;
    this.tombstones = tombstones;
    this.targets = targets;
    this.observer = observer;
    this.live = live;
    this.pass = pass;
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
  }

  /** The clusters that need a full pass; one query for all of them. */
  List<String> diverging() {
    List<ReconcileCandidate> candidates = clusters.findReconcileCandidates();
    Set<String> current = new HashSet<>();
    List<String> diverging = new ArrayList<>();
    for (ReconcileCandidate candidate : candidates) {
      current.add(candidate.clusterId());
      if (divergedOrFailing(candidate)) {
        diverging.add(candidate.clusterId());
      }
    }
    pass.retainOnly(current);
    reportOrphans();
    return diverging;
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
    if (pass.failing(row.clusterId())) {
      return false; // already queued again, with backoff
    }
    KubernetesTarget target;
    try {
      target = targets.get(row.cloudEnv());
    } catch (IllegalArgumentException e) {
      return true; // the full pass reports it
    }
    if (!live.synced(target)) {
      return true;
    }
    LiveCluster now = live.of(target, row.clusterId());
    if (row.desiredState() == DesiredState.STOPPED) {
      return now.exists() && !now.deleting();
    }
    ReconcilePass.Passed last = pass.lastPass(row.clusterId());
    if (last == null
        || last.specVersion() != row.specVersion()
        || last.restartGeneration() != row.restartGeneration()) {
      return true;
    }
    if (!now.exists()) {
      return true;
    }
    if (now.deleting()) {
      return false; // its deletion event wakes the reconciler
    }
    if (now.restartGeneration() != row.restartGeneration()) {
      return true;
    }
    PodCensus census = now.census();
    ClusterStatus observed =
        ClusterStatusDeriver.derive(row.status(), census, last.requiredWorkers());
    return observed != row.status() || census.runningPods() != row.activePods();
  }

  /**
   * Managed RayClusters whose cluster MySQL does not know (another installation sharing the
   * namespace, or a restored database): reported, never deleted.
   */
  void reportOrphans() {
    Set<String> known = new HashSet<>(clusters.findAllIds());
    // Orphans not reported yet. Those reported before are not looked up again, and the rest are
    // checked against the tombstones in one query: a namespace shared with another installation
    // holds many, and a lookup each would make every resync cost a statement per orphan.
    List<Orphan> unreported = new ArrayList<>();
    for (KubernetesTarget target : targets.all()) {
      if (!live.synced(target)) {
        continue;
      }
      for (GenericKubernetesResource rc : observer.allRayClusters(target.name())) {
        String id = ClusterObserver.clusterIdOf(rc);
        if (id != null
            && !known.contains(id)
            && !reportedOrphans.contains(orphanKey(target.name(), id))) {
          unreported.add(new Orphan(target.name(), id, rc.getMetadata().getName()));
        }
      }
    }
    if (unreported.isEmpty()) {
      return;
    }
    Set<String> deleted = new HashSet<>();
    tombstones
        .findAllById(unreported.stream().map(Orphan::clusterId).distinct().toList())
        .forEach(tombstone -> deleted.add(tombstone.getClusterId()));
    for (Orphan orphan : unreported) {
      // A tombstoned id is ours, deleted: its objects are on their way out.
      if (!deleted.contains(orphan.clusterId())
          && reportedOrphans.add(orphanKey(orphan.targetName(), orphan.clusterId()))) {
        log.warn(
            "RayCluster {} on {} is labelled as managed by Darwin Compute but cluster {} is not in"
                + " the database; leaving it alone",
            orphan.rayClusterName(),
            orphan.targetName(),
            orphan.clusterId());
      }
    }
  }

  private record Orphan(String targetName, String clusterId, String rayClusterName) {}

  private static String orphanKey(String targetName, String clusterId) {
    return targetName + "/" + clusterId;
  }

  Set<String> reportedOrphans() {
    return Set.copyOf(reportedOrphans);
  }
}
