package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.ReportedOrphans;
import com.darwin.compute.core.status.ClusterStatusDeriver;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.ReconcileCandidate;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The level-triggered safety net for missed or failed events: every cluster that is or should be
 * running is compared, in memory, with the informer caches (the same {@link LiveCluster} view the
 * pass reads), and only those that diverge are handed back for a full pass, with live RayClusters a
 * stopped or deleted cluster left behind. It also reports managed RayClusters the database does not
 * know.
 */
@Component
class ResyncScan {

  private static final Logger log = LoggerFactory.getLogger(ResyncScan.class);

  private final ClusterRepository clusters;
  private final KubernetesTargets targets;
  private final ClusterObserver observer;
  private final LiveClusters live;
  private final ReconcilePass pass;
  private final MeterRegistry meters;
  private final ReportedOrphans reportedOrphans = new ReportedOrphans();

  ResyncScan(
      ClusterRepository clusters,
      KubernetesTargets targets,
      ClusterObserver observer,
      LiveClusters live,
      ReconcilePass pass,
      ObjectProvider<MeterRegistry> meters) {
    this.clusters = clusters;
    this.targets = targets;
    this.observer = observer;
    this.live = live;
    this.pass = pass;
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
  }

  /**
   * The clusters that need a full pass: one query for every cluster that is or should be running,
   * and a second only while some live RayCluster belongs to none of them.
   */
  List<String> diverging() {
    long readAt = System.nanoTime();
    List<ReconcileCandidate> candidates = clusters.findReconcileCandidates(pass.replica());
    Set<String> current = new HashSet<>();
    Set<String> placed = new HashSet<>();
    Set<String> diverging = new LinkedHashSet<>();
    for (ReconcileCandidate candidate : candidates) {
      current.add(candidate.clusterId());
      placed.add(placeKey(candidate.cloudEnv(), candidate.clusterId()));
      if (divergedOrFailing(candidate)) {
        diverging.add(candidate.clusterId());
      }
    }
    pass.retainOnly(current, readAt);
    diverging.addAll(leftBehind(current, placed));
    return List.copyOf(diverging);
  }

  /** Whether every target's informer caches hold its live objects (a resync can compare them). */
  boolean synced() {
    return targets.all().stream().allMatch(live::synced);
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
    if (!last.applied() && !row.leasedElsewhere()) {
      // Seen while another replica held the lease, and nobody holds it now: that replica went
      // away (or handed its clusters over on shutdown) maybe before it applied what was seen, an
      // edit in place, say, that changes no pod count for a comparison below to catch.
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
   * Live managed RayClusters that belong to no candidate on their target, looked up together (one
   * query per thousand). A stopped cluster's (its row stopped and inactive, its deletion lost, say
   * to a restart), one left on a target its cluster has since moved from, and a deleted cluster's
   * (tombstoned) get a full pass, which deletes them. One whose cluster MySQL never knew (another
   * installation sharing the namespace, a restored database) is reported once, never deleted, and
   * not looked up again. Settled, every live object is a candidate's and this sends nothing: the
   * statements do not grow with the clusters MySQL holds, only with the live objects it cannot
   * explain.
   */
  private List<String> leftBehind(Set<String> candidates, Set<String> placed) {
    Set<String> leftBehind = new LinkedHashSet<>();
    List<Unexplained> unexplained = new ArrayList<>();
    ReportedOrphans.Scan scan = reportedOrphans.scan();
    for (KubernetesTarget target : targets.all()) {
      if (!live.synced(target)) {
        continue;
      }
      scan.scanning(target.name());
      for (GenericKubernetesResource rc : observer.allRayClusters(target.name())) {
        String id = ClusterObserver.rayClusterIdOf(rc);
        if (id == null
            || placed.contains(placeKey(target.name(), id))
            || rc.getMetadata().getDeletionTimestamp() != null
            || pass.failing(id)) {
          continue;
        }
        if (candidates.contains(id)) {
          leftBehind.add(id); // its cluster is elsewhere now: known, no lookup
        } else if (!scan.known(target.name(), id)) {
          unexplained.add(new Unexplained(target.name(), id, rc.getMetadata().getName()));
        }
      }
    }
    scan.end();
    if (unexplained.isEmpty()) {
      return List.copyOf(leftBehind);
    }
    // A thousand ids a statement: a namespace shared with another installation can hold more
    // than a statement's placeholders (those are looked up once; reported, they are skipped).
    Set<String> known = new HashSet<>();
    for (List<String> batch :
        IdBatches.of(unexplained.stream().map(Unexplained::clusterId).distinct().toList())) {
      known.addAll(clusters.findKnownIds(batch));
    }
    for (Unexplained object : unexplained) {
      if (known.contains(object.clusterId())) {
        leftBehind.add(object.clusterId());
      } else if (scan.report(object.targetName(), object.clusterId())) {
        log.warn(
            "RayCluster {} on {} is labelled as managed by Darwin Compute but cluster {} is not in"
                + " the database; leaving it alone",
            object.rayClusterName(),
            object.targetName(),
            object.clusterId());
      }
    }
    return List.copyOf(leftBehind);
  }

  private record Unexplained(String targetName, String clusterId, String rayClusterName) {}

  /** A cluster's id on one target: {@code target/id}, as orphans are reported. */
  private static String placeKey(String targetName, String clusterId) {
    return targetName + "/" + clusterId;
  }

  Set<String> reportedOrphans() {
    return reportedOrphans.all();
  }
}
