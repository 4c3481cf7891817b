package com.darwin.compute.core.cluster;

import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.ray.RayDashboardClient;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.event.PodView;
import com.darwin.compute.model.event.ResourceUsageView;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Live views of a running cluster: its pods (from the watch cache) and its resource usage. */
@Service
public class ClusterInspector {

  private final ClusterRepository clusters;
  private final ClusterObserver observer;
  private final RayDashboardClient dashboards;
  private final DashboardUrls endpoints;

  public ClusterInspector(
      ClusterRepository clusters,
      ClusterObserver observer,
      RayDashboardClient dashboards,
      DashboardUrls endpoints) {
    this.clusters = clusters;
    this.observer = observer;
    this.dashboards = dashboards;
    this.endpoints = endpoints;
  }

  public List<PodView> pods(String clusterId) {
    ClusterEntity cluster = load(clusterId);
    return observer.pods(cluster.getCloudEnv(), clusterId).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(ClusterInspector::view)
        .sorted(Comparator.comparing(PodView::nodeType).thenComparing(PodView::name))
        .toList();
  }

  /** Usage across ALIVE nodes, or empty when the cluster is not active. */
  public Optional<ResourceUsageView> resources(String clusterId) throws IOException {
    ClusterEntity cluster = load(clusterId);
    if (cluster.getStatus().uiStatus() != UiClusterStatus.ACTIVE) {
      return Optional.empty();
    }
    var nodes = dashboards.nodes(endpoints.rayDashboardApi(cluster));
    if (nodes.isEmpty()) {
      return Optional.of(new ResourceUsageView(0, 0, 0));
    }
    double cpu =
        nodes.stream().mapToDouble(RayDashboardClient.NodeUsage::cpuPercent).average().orElse(0);
    long total = nodes.stream().mapToLong(RayDashboardClient.NodeUsage::memoryTotal).sum();
    long used = nodes.stream().mapToLong(RayDashboardClient.NodeUsage::memoryUsed).sum();
    double memory = total == 0 ? 0 : 100.0 * used / total;
    return Optional.of(new ResourceUsageView(round(cpu), round(memory), nodes.size()));
  }

  private static double round(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  private ClusterEntity load(String clusterId) {
    return clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  private static PodView view(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    boolean ready =
        pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
    if (reason == null
        && pod.getStatus() != null
        && pod.getStatus().getContainerStatuses() != null) {
      reason =
          pod.getStatus().getContainerStatuses().stream()
              .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
              .map(s -> s.getState().getWaiting().getReason())
              .findFirst()
              .orElse(null);
    }
    return new PodView(
        pod.getMetadata().getName(),
        labels == null ? null : labels.get(ResourceNames.KUBERAY_GROUP_LABEL),
        labels == null ? null : labels.get(ResourceNames.KUBERAY_NODE_TYPE_LABEL),
        phase,
        ready,
        reason);
  }
}
