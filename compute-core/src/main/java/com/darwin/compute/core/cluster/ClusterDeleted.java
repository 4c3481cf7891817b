package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.Actor;

/**
 * A cluster was deleted. Published inside the delete's transaction, after its row is gone, so what
 * a listener removes with it (its Ray jobs) goes or stays with the cluster itself.
 */
public record ClusterDeleted(String clusterId, Actor actor) {}
