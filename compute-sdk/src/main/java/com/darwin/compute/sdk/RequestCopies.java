package com.darwin.compute.sdk;

import com.darwin.compute.model.cluster.ClusterRequest;

/**
 * Copies of a {@link ClusterRequest} with one field changed (the record has no withers for them).
 */
final class RequestCopies {

  private RequestCopies() {}

  static ClusterRequest withUser(ClusterRequest r, String user) {
    return new ClusterRequest(
        r.clusterName(),
        r.tags(),
        r.labels(),
        r.runtime(),
        r.inactiveTime(),
        r.autoTerminationPolicies(),
        r.headNodeConfig(),
        r.workerNodeConfigs(),
        r.advanceConfig(),
        user,
        r.isJobCluster(),
        r.startCluster(),
        r.cloudEnv(),
        r.packagesCloneFrom(),
        r.packages());
  }

  static ClusterRequest withStartCluster(ClusterRequest r, boolean start) {
    return r.withStartCluster(start);
  }
}
