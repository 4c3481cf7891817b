package com.darwin.compute.core.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconciler converges Kubernetes to the desired state kept in MySQL.
 *
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
