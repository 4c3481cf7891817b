package com.darwin.compute.core.search;

import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.ArrayList;
import org.springframework.stereotype.Component;

/**
 * Builds the search document of a cluster from its MySQL row. The document is derived data: it can
 * be rebuilt from MySQL at any time.
 */
@Component
public class ClusterDocumentFactory {

  public ClusterDocument document(ClusterEntity cluster) {
    ClusterRequest spec = cluster.getSpec();
    return new ClusterDocument(
        cluster.getClusterId(),
        cluster.getName(),
        spec.tags(),
        spec.labels(),
        new ArrayList<>(spec.labels().values()),
        cluster.getOwner(),
        cluster.getStatus(),
        cluster.getStatus().uiStatus(),
        cluster.getRuntime(),
        cluster.getCloudEnv(),
        cluster.isJobCluster(),
        cluster.getInactiveTime(),
        cluster.getActivePods(),
        spec.totalCores(),
        spec.totalMemory(),
        // Shown as the Python service stored it, "min-max".
        cluster.getEstimatedCost() == null ? null : cluster.getEstimatedCost().asRange(),
        cluster.getActiveRunId(),
        cluster.getCreatedAt(),
        cluster.getLastUsedAt(),
        cluster.getUpdatedAt(),
        spec);
  }
}
