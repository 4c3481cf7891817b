package com.darwin.compute.core.history;

import com.darwin.compute.core.config.SettingChecks;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Spark History Servers ({@code compute.history}). Refused at start-up: a {@code defaultTtl}
 * outside 1 to {@code maxTtl} (every request that names no {@code ttl} would be a 400 about it), a
 * {@code ttlUnit} or {@code expiryInterval} of 0 or less, and a template with a placeholder it does
 * not fill.
 *
 * @param defaultTtl minutes a server runs when the request names no {@code ttl} (the Python
 *     service's 60)
 * @param maxTtl the largest {@code ttl} a request or an extension may ask for, in minutes
 * @param ttlUnit the length of one {@code ttl} unit: a minute, as in the Python service (tests
 *     shorten it to watch a server expire in seconds)
 * @param expiryInterval how often servers past their time to live are looked for
 * @param repairGrace how long after a start the repair pass leaves a server's objects alone: the
 *     request that started it is still applying them (or removing them again on a failure), and a
 *     repair in between would re-create what that request is about to remove
 * @param s3EventsPath the S3 prefix under which each resource's event logs are, when a request
 *     names no {@code events_path} ({@code <prefix>/<resource>})
 * @param efsEventsPath the folder of the workspace under which each resource's event logs are
 * @param urlTemplate the public link; {@code {host}} is {@code compute.dashboards.host}
 * @param proxyBase the path the Darwin proxy serves a server under ({@code spark.ui.proxyBase})
 * @param defaultTarget the Kubernetes target of servers for a project (a cluster's server goes on
 *     the cluster's target); blank for {@code compute.kubernetes.default-target}
 * @param projects resources that are projects rather than clusters (any cluster id is accepted)
 */
@ConfigurationProperties("compute.history")
public record HistoryProperties(
    @DefaultValue("60") int defaultTtl,
    @DefaultValue("1440") int maxTtl,
    @DefaultValue("1m") Duration ttlUnit,
    @DefaultValue("30s") Duration expiryInterval,
    @DefaultValue("2m") Duration repairGrace,
    @DefaultValue("apache/spark:3.5.3") String image,
    @DefaultValue("IfNotPresent") String imagePullPolicy,
    @DefaultValue("/opt/spark/sbin/start-history-server.sh") List<String> command,
    @DefaultValue("ray") String serviceAccount,
    @DefaultValue("18080") int port,
    @DefaultValue("100m") String cpuRequest,
    @DefaultValue("1") String cpuLimit,
    @DefaultValue("512Mi") String memoryRequest,
    @DefaultValue("2Gi") String memoryLimit,
    @DefaultValue("com.amazonaws.auth.WebIdentityTokenCredentialsProvider")
        String s3CredentialsProvider,
    @DefaultValue("s3a://darwin/darwin/temp/spark_history_server") String s3EventsPath,
    @DefaultValue("spark/eventlogs") String efsEventsPath,
    @DefaultValue("http://{host}/{cloud_env}/{id}/") String urlTemplate,
    @DefaultValue("/{cloud_env}/{id}") String proxyBase,
    String defaultTarget,
    @DefaultValue("") List<String> projects) {

  public HistoryProperties {
    if (defaultTtl < 1 || defaultTtl > maxTtl) {
      throw new IllegalArgumentException(
          "compute.history.default-ttl must be between 1 and compute.history.max-ttl ("
              + maxTtl
              + "), not "
              + defaultTtl);
    }
    SettingChecks.positive("compute.history.ttl-unit", ttlUnit);
    SettingChecks.positive("compute.history.expiry-interval", expiryInterval);
    SettingChecks.placeholders(
        "compute.history.url-template", urlTemplate, List.of("host", "cloud_env", "id"));
    SettingChecks.placeholders(
        "compute.history.proxy-base", proxyBase, List.of("host", "cloud_env", "id"));
  }
}
