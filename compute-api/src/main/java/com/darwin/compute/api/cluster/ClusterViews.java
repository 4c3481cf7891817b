package com.darwin.compute.api.cluster;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.config.InstanceRoleProperties;
import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.history.HistoryServerService;
import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.render.RayStartValues;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.AvailabilityZone;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.InstanceRole;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.Envelope;
import org.springframework.stereotype.Component;

/** Maps stored clusters to the views of the REST contract. */
@Component
public class ClusterViews {

  private final DashboardUrls dashboards;
  private final InstanceRoleProperties roles;
  private final HistoryServerService historyServers;

  public ClusterViews(
      DashboardUrls dashboards, InstanceRoleProperties roles, HistoryServerService historyServers) {
    this.dashboards = dashboards;
    this.roles = roles;
    this.historyServers = historyServers;
  }

  /** The cluster's links, with its Spark History Server's while one runs for it. */
  public Dashboards dashboards(ClusterEntity c, boolean internal) {
    return dashboards
        .links(c, internal)
        .withSparkHistoryServer(historyServers.runningUrl(c.getClusterId(), internal).orElse(null));
  }

  /**
   * The full view in the Python service's read shape (see {@link ClusterDetails}).
   *
   * @param historyServer the cluster's running Spark History Server, read with it, or null
   */
  public ClusterDetails details(ClusterView view, ClusterReads.HistoryServer historyServer) {
    ClusterEntity c = view.cluster();
    ClusterRequest spec = view.spec();
    HeadNodeConfig head = spec.headNodeConfig();
    return new ClusterDetails(
        c.getClusterId(),
        c.getName(),
        spec.tags(),
        spec.labels(),
        spec.runtime(),
        spec.autoTerminationPolicies(),
        spec.inactiveTime(),
        c.getStatus().uiStatus(),
        c.getOwner(),
        new ClusterDetails.Head(
            head.effectiveCores(),
            head.effectiveMemory(),
            head.isGpu() ? "gpu" : head.nodeType(),
            head.nodeCapacityType(),
            head.gpuPod()),
        spec.workerNodeConfigs().stream().map(ClusterViews::workerGroup).toList(),
        advanced(spec),
        Envelope.success(
            dashboards
                .links(c, false)
                .withSparkHistoryServer(
                    historyServer == null
                        ? null
                        : historyServers.url(
                            historyServer.id(),
                            historyServer.namespace(),
                            historyServer.cloudEnv(),
                            false)),
            null),
        c.getCreatedAt(),
        c.isJobCluster(),
        c.getStatus(),
        c.getCloudEnv(),
        c.getActiveRunId(),
        disk(head.diskSetting()),
        spec.advanceConfig().envFromSecrets());
  }

  private static ClusterDetails.WorkerGroup workerGroup(WorkerNodeConfig w) {
    return new ClusterDetails.WorkerGroup(
        w.effectiveCores(),
        w.effectiveMemory(),
        w.minPods(),
        w.maxPods(),
        disk(w.diskSetting()),
        w.isGpu() ? "gpu" : w.nodeType(),
        w.nodeCapacityType(),
        w.gpuPod());
  }

  private static ClusterDetails.Disk disk(DiskSetting d) {
    return d == null ? null : new ClusterDetails.Disk(d.diskType(), d.storageSize());
  }

  private ClusterDetails.Advanced advanced(ClusterRequest spec) {
    AdvanceConfig a = spec.advanceConfig();
    AvailabilityZone az = a.availabilityZone();
    return new ClusterDetails.Advanced(
        a.environmentVariables(),
        a.logPath(),
        a.initScript(),
        role(a.instanceRole()),
        az == null || az.id() == null || az.id().isBlank()
            ? null
            : new ClusterDetails.Zone(az.id(), az.displayName()),
        new ClusterDetails.RayStartParams(
            RayStartValues.objectStorePercent(spec),
            RayStartValues.cpusOnHead(spec),
            RayStartValues.gpusOnHead(spec)),
        a.sparkConfig());
  }

  /**
   * The catalogue entry of the cluster's instance role, found by id or display name as the request
   * may name it; the default role when it names none; null when the catalogue has no such role.
   */
  private ClusterDetails.Role role(InstanceRole requested) {
    String id = requested == null ? null : blankToNull(requested.id());
    String name = requested == null ? null : blankToNull(requested.displayName());
    if (id == null && name == null) {
      id = roles.defaultRole();
    }
    for (InstanceRoleProperties.Role known : roles.roles()) {
      if ((id != null && id.equals(known.id()))
          || (id == null && name != null && name.equals(known.displayName()))) {
        return new ClusterDetails.Role(known.id(), known.displayName(), known.serviceAccountName());
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
