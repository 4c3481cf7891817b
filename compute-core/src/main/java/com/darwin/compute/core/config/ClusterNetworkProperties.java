package com.darwin.compute.core.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may reach a cluster's pods. With {@code isolation} on, each cluster gets a NetworkPolicy that
 * admits its own pods and the {@code allowed-from} peers only: Ray's dashboard (Jobs API), client
 * and GCS ports take no credentials, and every cluster shares the namespace.
 *
 * @param isolation one NetworkPolicy per cluster (needs a network plugin that enforces them)
 * @param allowedFrom the platform's peers, admitted to every port; default: the Darwin proxy and
 *     the control plane by their {@code app.kubernetes.io/name} label in any namespace, and every
 *     pod of the {@code prometheus} namespace (each cluster's Prometheus scrapes its pods)
 */
@ConfigurationProperties("compute.cluster-network")
public record ClusterNetworkProperties(
    @DefaultValue("true") boolean isolation, List<Peer> allowedFrom) {

  public ClusterNetworkProperties {
    if (allowedFrom == null) {
      allowedFrom =
          List.of(
              new Peer(Map.of(), Map.of("app.kubernetes.io/name", "nginx-proxy-server")),
              new Peer(Map.of(), Map.of("app.kubernetes.io/name", "darwin-compute")),
              new Peer(Map.of("kubernetes.io/metadata.name", "prometheus"), Map.of()));
    }
    allowedFrom = List.copyOf(allowedFrom);
  }

  /** Pods with these labels, in namespaces with these labels (empty: every namespace). */
  public record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels) {}
}
