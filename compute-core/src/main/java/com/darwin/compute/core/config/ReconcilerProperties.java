package com.darwin.compute.core.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconciler converges Kubernetes to the desired state kept in MySQL.
 *
 * @param workers threads that reconcile clusters: at least 1 while the reconciler is enabled (with
 *     none, every cluster would stay where it is, a new one at creating)
 * @param leaseDuration how long a replica's hold on a cluster lasts without renewal: at least 1ms
 *     (the database counts it in milliseconds; a lease of 0 holds nothing, and two replicas would
 *     reconcile one cluster at once)
 * @param labelRepairInterval the window in which a cluster's RayCluster is written again at most
 *     three times only because labels it was applied with are gone (a controller that keeps
 *     rewriting one is not fought at every event)
 */
@ConfigurationProperties("compute.reconciler")
public record ReconcilerProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("2") int workers,
    @DefaultValue("30s") Duration resyncInterval,
    @DefaultValue("1s") Duration retryInitialBackoff,
    @DefaultValue("2m") Duration retryMaxBackoff,
    @DefaultValue("60s") Duration leaseDuration,
    String instanceId,
    @DefaultValue("1m") Duration labelRepairInterval) {

  public ReconcilerProperties {
    if (enabled) {
      SettingChecks.atLeastOne("compute.reconciler.workers", workers);
    }
    SettingChecks.positive("compute.reconciler.resync-interval", resyncInterval);
    SettingChecks.atLeastOneMillisecond("compute.reconciler.lease-duration", leaseDuration);
    if (instanceId == null || instanceId.isBlank()) {
      instanceId = defaultInstanceId();
    }
  }

  /** Host name plus a random suffix: unique per process, readable in the leases column. */
  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "compute";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
