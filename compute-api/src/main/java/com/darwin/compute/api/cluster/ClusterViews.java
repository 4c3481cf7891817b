package com.darwin.compute.api.cluster;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.cluster.DashboardLinks;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.Envelope;
import org.springframework.stereotype.Component;

/** Maps stored clusters to the views of the REST contract. */
@Component
public class ClusterViews {

  private final DashboardLinks dashboards;

  public ClusterViews(DashboardLinks dashboards) {
    this.dashboards = dashboards;
  }

  public ClusterMetadata metadata(ClusterEntity c) {
    return new ClusterMetadata(
        c.getClusterId(),
        c.artifactId(),
        c.getStatus(),
        c.getActivePods(),
        c.getAvailableMemory(),
        c.getActiveRunId(),
        c.getName(),
        c.getUpdatedAt(),
        c.getLastUsedAt(),
        c.getStatus().uiStatus(),
        c.getDesiredState().name(),
        c.getStatusMessage(),
        c.getOwner(),
        c.getCloudEnv(),
        c.getCreatedAt(),
        c.getStatusChangedAt());
  }

  public ClusterDetails details(ClusterView view) {
    ClusterEntity c = view.cluster();
    ClusterRequest spec = view.spec();
    return new ClusterDetails(
        c.getClusterId(),
        c.getName(),
        spec.tags(),
        spec.labels(),
        spec.runtime(),
        spec.autoTerminationPolicies(),
        spec.inactiveTime(),
        c.getStatus().uiStatus(),
        c.getStatus(),
        c.getOwner(),
        spec.headNodeConfig(),
        spec.workerNodeConfigs(),
        spec.advanceConfig(),
        Envelope.success(dashboards.of(c, false), null),
        c.getCreatedAt(),
        c.isJobCluster(),
        c.getCloudEnv(),
        c.getActiveRunId());
  }
}
