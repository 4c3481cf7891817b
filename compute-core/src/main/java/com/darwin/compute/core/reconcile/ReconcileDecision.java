package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.status.ClusterStatusDeriver;
import com.darwin.compute.core.status.PodCensus;
import com.darwin.compute.core.status.RayClusterConditions;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterStatus;

/**
 * What a pass does, as a pure function of the stored snapshot and the live objects: no Kubernetes,
 * no database, so every branch is unit-tested.
 */
final class ReconcileDecision {

  /** The one step a pass takes for a cluster. */
  enum Step {
    /** Stopped and nothing (left) running: nothing to do. */
    NOTHING,
    /** Stopped, or a restart: the live RayCluster is deleted (then recreated on its event). */
    DELETE,
    /** Still being deleted; its deletion event wakes the reconciler again. */
    WAIT_FOR_DELETION,
    /** Wanted running but its runtime is gone from the catalogue: said once on the timeline. */
    RUNTIME_MISSING,
    /** Wanted running: apply what renders, then observe the pods. */
    APPLY_AND_OBSERVE
  }

  /** The status, pod count and message the live objects give a running cluster. */
  record Observation(ClusterStatus status, PodCensus census, String message) {}

  private ReconcileDecision() {}

  static Step step(ClusterSnapshot cluster, LiveCluster live) {
    if (cluster.desiredState() == DesiredState.STOPPED) {
      return live.exists() && !live.deleting() ? Step.DELETE : Step.NOTHING;
    }
    if (live.deleting()) {
      return Step.WAIT_FOR_DELETION;
    }
    if (live.exists() && live.restartGeneration() != cluster.restartGeneration()) {
      return Step.DELETE; // a restart: the old pods go first, then the cluster is recreated
    }
    if (cluster.runtime() == null) {
      return Step.RUNTIME_MISSING;
    }
    return Step.APPLY_AND_OBSERVE;
  }

  static Observation observe(ClusterSnapshot cluster, LiveCluster live) {
    PodCensus census = live.census();
    RayClusterConditions conditions = RayClusterConditions.of(live.rayCluster());
    ClusterStatus observed =
        ClusterStatusDeriver.derive(cluster.status(), census, cluster.spec().requiredWorkerPods());
    String message = conditions.message() != null ? conditions.message() : census.headMessage();
    return new Observation(observed, census, message);
  }
}
