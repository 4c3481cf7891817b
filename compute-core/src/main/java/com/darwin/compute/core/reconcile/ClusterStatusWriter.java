package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.cluster.ApplyFailures;
import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.status.StatusMessages;
import com.darwin.compute.core.status.TransitionAction;
import com.darwin.compute.core.store.ClusterActionEntity;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ColumnText;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The reconciler's reads and writes of MySQL, each in its own short transaction. */
@Component
class ClusterStatusWriter {

  private final ClusterRepository clusters;
  private final RuntimeLookups runtimes;
  private final ClusterManifests manifests;
  private final ClusterTimeline timeline;
  private final ClusterActionRepository actions;
  private final Clock clock;
  private final ClusterReads reads;
  // Transitions are signed by the replica that observed them: an audit of who acted.
  private final Actor reconciler;

  ClusterStatusWriter(
      ClusterRepository clusters,
      RuntimeLookups runtimes,
      ClusterManifests manifests,
      ClusterTimeline timeline,
      ClusterActionRepository actions,
      Clock clock,
      ClusterReads reads,
      ReconcilerProperties properties) {
    this.clusters = clusters;
    this.runtimes = runtimes;
    this.manifests = manifests;
    this.timeline = timeline;
    this.actions = actions;
    this.clock = clock;
    this.reads = reads;
    this.reconciler = new Actor("reconciler@" + properties.instanceId());
  }

  /**
   * The cluster's row as one statement on an auto-commit connection, the read routes' own read: a
   * read-only transaction around it cost four or five more round trips on every pass (issue 21).
   * The entity is detached and never written back.
   */
  public Optional<ClusterSnapshot> load(String clusterId) {
    return reads.find(clusterId).map(this::snapshotOf);
  }

  /** What a pass needs of a row, read just now or handed over by the create that wrote it. */
  ClusterSnapshot snapshotOf(ClusterEntity c) {
    // A runtime soft-deleted since still runs the clusters that have it (flagged on their start);
    // only a cluster whose runtime is gone altogether cannot be rendered.
    var runtime = runtimes.find(c.getRuntime());
    return new ClusterSnapshot(
        c.getClusterId(),
        c.getDesiredState(),
        c.getStatus(),
        c.getActiveRunId(),
        c.getRestartGeneration(),
        c.getSpecVersion(),
        c.getCloudEnv(),
        c.getNamespace(),
        c.getOwner(),
        runtime.map(r -> manifests.runtimeImage(r, c.getCloudEnv())).orElse(null),
        c.getSpec(),
        c.getActivePods(),
        c.getStatusMessage());
  }

  /**
   * True when {@link #recordObservation} would write nothing over the row as the pass read it: the
   * same status, pod count and message. Most passes (a pod event that changes no count, the
   * RayCluster's own creation, a resync) end here without a transaction (issue 21: each opened one
   * and read the row again to find nothing to write). A row changed since the pass read it has
   * queued a pass of its own, which observes again.
   */
  static boolean unchanged(
      ClusterSnapshot seen,
      ClusterStatus observed,
      PodCensus pods,
      String observedMessage,
      boolean specReapplied) {
    return observed == seen.status()
        && pods.runningPods() == seen.activePods()
        && Objects.equals(
            messageToRecord(observed, observedMessage, specReapplied, seen.statusMessage()),
            seen.statusMessage());
  }

  /**
   * KubeRay reports a rejected spec only once, as an event: keep saying so while the cluster is
   * still stuck creating, until a new spec is applied.
   */
  private static String messageToRecord(
      ClusterStatus observed, String observedMessage, boolean specReapplied, String stored) {
    if (observedMessage == null
        && observed == ClusterStatus.CREATING
        && !specReapplied
        && stored != null
        && stored.startsWith(StatusMessages.INVALID_SPEC_PREFIX)) {
      return stored;
    }
    // As it is stored: a longer one (a webhook's refusal of pods) never compared equal to the
    // stored cut, and every pass wrote the row again.
    return ColumnText.fitted(observedMessage, ClusterEntity.STATUS_MESSAGE_LENGTH);
  }

  /**
   * Stores an observed status, unless the user changed the cluster since it was read (then the
   * change has already queued another reconcile, which will observe again).
   *
   * @return true when something was written
   */
  @Transactional
  public boolean recordObservation(
      ClusterSnapshot seen,
      ClusterStatus observed,
      PodCensus pods,
      String observedMessage,
      boolean specReapplied,
      int memoryGb) {
    ClusterEntity cluster = clusters.findById(seen.clusterId()).orElse(null);
    if (cluster == null
        || cluster.getDesiredState() != DesiredState.RUNNING
        || !Objects.equals(cluster.getActiveRunId(), seen.runId())
        || cluster.getRestartGeneration() != seen.restartGeneration()
        || cluster.getStatus() != seen.status()) {
      return false;
    }
    String message =
        messageToRecord(observed, observedMessage, specReapplied, cluster.getStatusMessage());
    boolean changed = false;
    if (cluster.getActivePods() != pods.runningPods()) {
      cluster.observePods(pods.runningPods(), memoryGb);
      changed = true;
    }
    if (observed != cluster.getStatus()) {
      ClusterStatus from = cluster.getStatus();
      cluster.changeStatus(observed, message, clock.instant());
      for (TransitionAction action : TransitionAction.path(from, observed)) {
        timeline.recordObserved(
            cluster.getClusterId(),
            cluster.getActiveRunId(),
            action.action(),
            action.event(),
            action.message(),
            reconciler);
      }
      return true;
    }
    if (!Objects.equals(message, cluster.getStatusMessage())) {
      cluster.changeStatus(observed, message, clock.instant());
      changed = true;
    }
    if (changed) {
      timeline.observed(cluster.getClusterId());
    }
    return changed;
  }

  /**
   * Records a failed apply in the timeline so users see why their cluster is not coming up; not
   * when its run has ended since the pass read it (a stop and a start while its apply was retried):
   * the new run's pass records its own.
   */
  @Transactional
  public void recordApplyFailure(ClusterSnapshot seen, String message) {
    clusters
        .findById(seen.clusterId())
        .filter(c -> stillTheRunOf(seen, c))
        .ifPresent(
            c -> {
              String runId = c.getActiveRunId();
              timeline.record(
                  c.getClusterId(),
                  runId,
                  TimelineAction.of(
                      ApplyFailures.actionFor(
                          actions.findByRunIdOrderByIdDesc(runId).stream()
                              .map(ClusterActionEntity::getAction)
                              .toList())),
                  message,
                  reconciler);
            });
  }

  /** The first failure to delete a stopped cluster's RayCluster, while it is still stopped. */
  @Transactional
  public void recordStopFailure(ClusterSnapshot seen, String message) {
    clusters
        .findById(seen.clusterId())
        .filter(c -> c.getDesiredState() == DesiredState.STOPPED && stillTheRunOf(seen, c))
        .ifPresent(
            c ->
                timeline.record(
                    c.getClusterId(),
                    c.getActiveRunId(),
                    TimelineAction.STOP_APPLY_FAILED,
                    message,
                    reconciler));
  }

  private static boolean stillTheRunOf(ClusterSnapshot seen, ClusterEntity row) {
    return seen.runId() == null || seen.runId().equals(row.getActiveRunId());
  }

  @Transactional
  public void recordApplyRecovered(ClusterSnapshot seen, int failures) {
    clusters
        .findById(seen.clusterId())
        .filter(c -> stillTheRunOf(seen, c))
        .ifPresent(
            c ->
                timeline.record(
                    c.getClusterId(),
                    c.getActiveRunId(),
                    TimelineAction.APPLIED,
                    "Kubernetes accepted the cluster after " + failures + " failed attempt(s)",
                    reconciler));
  }
}
