package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.store.ClusterRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One replica at a time reconciles a cluster: it holds a lease row (owner, expiry) that it renews
 * on every pass. A replica that dies stops renewing and another takes over once the lease expires.
 */
@Component
class ClusterLeases {

  private final ClusterRepository clusters;
  private final ReconcilerProperties properties;

  ClusterLeases(ClusterRepository clusters, ReconcilerProperties properties) {
    this.clusters = clusters;
    this.properties = properties;
  }

  @Transactional
  public boolean acquire(String clusterId) {
    return clusters.acquireLease(
            clusterId, properties.instanceId(), properties.leaseDuration().toMillis())
        == 1;
  }

  /** On shutdown: hand the clusters over at once instead of after the lease expires. */
  @Transactional
  public void releaseAll() {
    clusters.releaseLeases(properties.instanceId());
  }

  String owner() {
    return properties.instanceId();
  }
}
