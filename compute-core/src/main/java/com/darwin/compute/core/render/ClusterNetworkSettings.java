package com.darwin.compute.core.render;

import java.util.List;
import java.util.Map;

/**
 * Who may reach a cluster's pods over the network.
 *
 * @param isolation whether each cluster gets a NetworkPolicy admitting only its own pods and the
 *     peers (off: every pod of the namespace reaches every cluster's Ray ports)
 * @param allowedFrom the platform's peers, admitted to every port of every cluster's pods (the
 *     proxy the dashboards go through, the control plane, the metrics scrapers)
 */
public record ClusterNetworkSettings(boolean isolation, List<Peer> allowedFrom) {

  public ClusterNetworkSettings {
    allowedFrom = allowedFrom == null ? List.of() : List.copyOf(allowedFrom);
  }

  /** Pods with these labels in namespaces with these labels (an empty map: any). */
  public record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels) {}

  /** No policy: what clusters had before isolation. */
  public static ClusterNetworkSettings open() {
    return new ClusterNetworkSettings(false, List.of());
  }
}
