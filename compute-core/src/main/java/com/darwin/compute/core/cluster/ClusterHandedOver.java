package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.Actor;

/**
 * A cluster was given to another owner. Published inside the handover's transaction, so what a
 * listener does to follow it (the previous owner's remote commands removed) commits or rolls back
 * with the handover itself.
 */
public record ClusterHandedOver(
    String clusterId, String runId, String previousOwner, String newOwner, Actor actor) {}
