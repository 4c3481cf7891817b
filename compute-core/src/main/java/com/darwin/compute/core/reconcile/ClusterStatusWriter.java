package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.cluster.Actor;
import com.darwin.compute.core.cluster.ClusterSpecCodec;
import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.status.TransitionAction;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.RuntimeRepository;
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
  private final RuntimeRepository runtimes;
  private final ClusterSpecCodec codec;
  private final ClusterTimeline timeline;
  private final Clock clock;

  ClusterStatusWriter(
      ClusterRepository clusters,
      RuntimeRepository runtimes,
      ClusterSpecCodec codec,
      ClusterTimeline timeline,
      Clock clock) {
    this.clusters = clusters;
    this.runtimes = runtimes;
    this.codec = codec;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public Optional<ClusterSnapshot> load(String clusterId) {
    return clusters
        .findById(clusterId)
        .map(
            c -> {
              var runtime = runtimes.findByRuntimeAndDeletedFalse(c.getRuntime());
              return new ClusterSnapshot(
                  c.getClusterId(),
                  c.getDesiredState(),
                  c.getStatus(),
                  c.getActiveRunId(),
                  c.getRestartGeneration(),
                  c.getCloudEnv(),
                  c.getNamespace(),
                  c.getOwner(),
                  runtime.map(r -> r.getImage()).orElse(null),
                  runtime.map(r -> r.getRayVersion()).orElse(null),
                  codec.read(c.getSpec()));
            });
  }

  /**
   * Stores an observed status, unless the user changed the cluster since it was read (then the
   * change has already queued another reconcile, which will observe again).
   *
   * @return true when something was written
   */
  @Transactional
  public boolean recordObservation(
      ClusterSnapshot seen, ClusterStatus observed, PodCensus pods, int memoryGb) {
    ClusterEntity cluster = clusters.findById(seen.clusterId()).orElse(null);
    if (cluster == null
        || cluster.getDesiredState() != DesiredState.RUNNING
        || !Objects.equals(cluster.getActiveRunId(), seen.runId())
        || cluster.getRestartGeneration() != seen.restartGeneration()
        || cluster.getStatus() != seen.status()) {
      return false;
    }
    boolean changed = false;
    if (cluster.getActivePods() != pods.runningPods()) {
      cluster.observePods(pods.runningPods(), memoryGb);
      changed = true;
    }
    if (observed != cluster.getStatus()) {
      ClusterStatus from = cluster.getStatus();
      cluster.changeStatus(observed, pods.headMessage(), clock.instant());
      for (TransitionAction action : TransitionAction.path(from, observed)) {
        timeline.record(
            cluster.getClusterId(),
            cluster.getActiveRunId(),
            action.action(),
            action.message(),
            Actor.RECONCILER);
      }
      return true;
    }
    if (changed) {
      timeline.changed(cluster.getClusterId());
    }
    return changed;
  }

  /** Records a failed apply in the timeline so users see why their cluster is not coming up. */
  @Transactional
  public void recordApplyFailure(ClusterSnapshot seen, String message) {
    clusters
        .findById(seen.clusterId())
        .ifPresent(
            c ->
                timeline.record(
                    c.getClusterId(),
                    c.getActiveRunId(),
                    "Apply Failed",
                    message,
                    Actor.RECONCILER));
  }

  @Transactional
  public void recordApplyRecovered(ClusterSnapshot seen, int failures) {
    clusters
        .findById(seen.clusterId())
        .ifPresent(
            c ->
                timeline.record(
                    c.getClusterId(),
                    c.getActiveRunId(),
                    "Applied",
                    "Kubernetes accepted the cluster after " + failures + " failed attempt(s)",
                    Actor.RECONCILER));
  }
}
