package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterStatus;

/**
 * The few columns a resync compares with the live objects in the informer caches, for one cluster
 * that is wanted running or not yet seen stopped. Read for every such cluster in one query.
 *
 * @param leasedElsewhere whether another replica holds the cluster's lease now (on the database's
 *     clock): it reconciles the cluster, and this one leaves it alone
 */
public record ReconcileCandidate(
    String clusterId,
    DesiredState desiredState,
    ClusterStatus status,
    int specVersion,
    int restartGeneration,
    int activePods,
    String cloudEnv,
    boolean leasedElsewhere) {}
