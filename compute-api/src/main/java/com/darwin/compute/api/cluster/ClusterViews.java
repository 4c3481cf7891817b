package com.darwin.compute.api.cluster;

import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.dashboard.DashboardUrls;
import com.darwin.compute.core.history.HistoryServerService;
import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.model.common.Envelope;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/** Maps stored clusters to the views of the REST contract. */
@Component
public class ClusterViews {

  private final DashboardUrls dashboards;
  private final HistoryServerService historyServers;
  private final SpecViews specViews;

  static final int LINKS_CAPACITY = 4096;
  private final Cache<LinkKey, Envelope<Dashboards>> publicLinks =
      Caffeine.newBuilder().maximumSize(LINKS_CAPACITY).executor(Runnable::run).build();

  public ClusterViews(
      DashboardUrls dashboards, HistoryServerService historyServers, SpecViews specViews) {
    this.dashboards = dashboards;
    this.historyServers = historyServers;
    this.specViews = specViews;
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
   * @param maskCredentials whether credential-looking plain environment values are masked (anyone
   *     but the owner reads them masked)
   */
  public ClusterDetails details(
      ClusterView view, ClusterReads.HistoryServer historyServer, boolean maskCredentials) {
    ClusterEntity c = view.cluster();
    ClusterRequest spec = view.spec();
    SpecViews.Parts parts = specViews.of(spec);
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
        parts.head(),
        parts.workers(),
        parts.advanced(maskCredentials),
        historyServer == null
            ? links(c)
            : Envelope.success(
                dashboards
                    .links(c, false)
                    .withSparkHistoryServer(
                        historyServers.url(
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
        parts.headDisk(),
        spec.advanceConfig().secretSources());
  }

  /**
   * The public links of a cluster without a history server: they follow from its id, target and
   * namespace (which never change for a cluster) and the settings, so they are made once per
   * cluster, not on every read (issue 21). Bounded, least recently and frequently used out.
   */
  private Envelope<Dashboards> links(ClusterEntity c) {
    return publicLinks.get(
        new LinkKey(c.getClusterId(), c.getCloudEnv(), c.getNamespace()),
        key -> Envelope.success(dashboards.links(c, false), null));
  }

  private record LinkKey(String clusterId, String cloudEnv, String namespace) {}
}
