package com.darwin.compute.core.reconcile;

import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.kube.KubernetesTarget;
import org.springframework.stereotype.Component;

/** {@link LiveCluster} views read from the informer caches. */
@Component
class LiveClusters {

  private final ClusterObserver observer;

  LiveClusters(ClusterObserver observer) {
    this.observer = observer;
  }

  boolean synced(KubernetesTarget target) {
    return observer.hasSynced(target.name());
  }

  LiveCluster of(KubernetesTarget target, String clusterId) {
    return LiveCluster.of(
        observer.rayCluster(target.name(), clusterId), observer.pods(target.name(), clusterId));
  }
}
