package com.darwin.compute.core.cluster;

import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterRequest;

/** A cluster row with its decoded spec, read in one transaction. */
public record ClusterView(ClusterEntity cluster, ClusterRequest spec) {}
