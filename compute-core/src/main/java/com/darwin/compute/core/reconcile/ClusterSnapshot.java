package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;

/** What the reconciler read of a cluster, so it can check nothing moved before it writes. */
record ClusterSnapshot(
    String clusterId,
    DesiredState desiredState,
    ClusterStatus status,
    String runId,
    int restartGeneration,
    int specVersion,
    String cloudEnv,
    String namespace,
    String owner,
    /** Null when the cluster's runtime is not in the catalogue. */
    RenderInput.RuntimeImage runtime,
    ClusterRequest spec,
    int activePods,
    String statusMessage) {}
