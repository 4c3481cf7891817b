package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pieces every NetworkPolicy the service renders is made of. */
public final class NetworkPolicyParts {

  private NetworkPolicyParts() {}

  /** Every TCP port but one (a server that must stay the peers' only), and UDP. */
  public static List<NetworkPolicyPort> everyPortBut(int port) {
    List<NetworkPolicyPort> ports = new ArrayList<>();
    if (port > 1) {
      ports.add(range(1, port - 1));
    }
    if (port < 65535) {
      ports.add(range(port + 1, 65535));
    }
    ports.add(new NetworkPolicyPortBuilder().withProtocol("UDP").build());
    return ports;
  }

  private static NetworkPolicyPort range(int from, int to) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(from))
        .withEndPort(to)
        .build();
  }

  /**
   * Pods with these labels in namespaces with these labels: no namespace labels (null) means the
   * policy's own namespace, an empty map every namespace; no pod labels, every pod there.
   */
  public static NetworkPolicyPeer peer(
      Map<String, String> namespaceLabels, Map<String, String> podLabels) {
    NetworkPolicyPeerBuilder builder = new NetworkPolicyPeerBuilder();
    if (namespaceLabels != null) {
      builder.withNamespaceSelector(
          new LabelSelectorBuilder().withMatchLabels(new LinkedHashMap<>(namespaceLabels)).build());
    }
    if (podLabels != null && !podLabels.isEmpty()) {
      builder.withPodSelector(
          new LabelSelectorBuilder().withMatchLabels(new LinkedHashMap<>(podLabels)).build());
    }
    return builder.build();
  }
}
