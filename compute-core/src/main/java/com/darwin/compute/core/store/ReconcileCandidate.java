package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterStatus;

/**
 * The few columns a resync compares with the live objects in the informer caches, for one cluster
 * that is wanted running or not yet seen stopped. Read for every such cluster in one query.
 */
public record ReconcileCandidate(
    String clusterId,
    DesiredState desiredState,
    ClusterStatus status,
    int specVersion,
    int restartGeneration,
    int activePods,
    String cloudEnv) {}
