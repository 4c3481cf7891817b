package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's NetworkPolicy: its pods admit its own pods and the platform's peers, nobody else.
 * Ray's dashboard (its Jobs API), client and GCS ports take no credentials, so without it a job on
 * one cluster could submit a job to another and print that cluster's Secrets. Its own pods reach
 * every port but the head's Jupyter port, which stays the peers' only (as {@code
 * HeadJupyterAccessPolicy} has it); the peers reach every port.
 */
final class ClusterIsolationPolicy {

  private ClusterIsolationPolicy() {}

  static Optional<NetworkPolicy> of(
      RenderInput input, Map<String, String> labels, RenderSettings settings) {
    ClusterNetworkSettings network = settings.network();
    if (!network.isolation()) {
      return Optional.empty();
    }
    Map<String, String> ownPods = Map.of(ResourceNames.CLUSTER_ID_LABEL, input.clusterId());
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    rules.add(
        new NetworkPolicyIngressRuleBuilder()
            .withFrom(
                new NetworkPolicyPeerBuilder()
                    .withPodSelector(
                        new LabelSelectorBuilder()
                            .withMatchLabels(new LinkedHashMap<>(ownPods))
                            .build())
                    .build())
            .withPorts(NetworkPolicyParts.everyPortBut(settings.pods().jupyter().port()))
            .build());
    List<NetworkPolicyPeer> peers = peers(network);
    if (!peers.isEmpty()) {
      rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(peers).build());
    }
    return Optional.of(
        new NetworkPolicyBuilder()
            .withApiVersion("networking.k8s.io/v1")
            .withKind("NetworkPolicy")
            .withNewMetadata()
            .withName(ResourceNames.isolationPolicy(input.clusterId()))
            .withNamespace(input.namespace())
            .withLabels(new LinkedHashMap<>(labels))
            .endMetadata()
            .withNewSpec()
            .withPodSelector(
                new LabelSelectorBuilder().withMatchLabels(new LinkedHashMap<>(ownPods)).build())
            .withPolicyTypes("Ingress")
            .withIngress(rules)
            .endSpec()
            .build());
  }

  private static List<NetworkPolicyPeer> peers(ClusterNetworkSettings network) {
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    for (ClusterNetworkSettings.Peer peer : network.allowedFrom()) {
      // No namespace labels: every namespace (a policy's peers are elsewhere: the proxy, the
      // control plane, the scrapers).
      peers.add(
          NetworkPolicyParts.peer(
              peer.namespaceLabels() == null ? Map.of() : peer.namespaceLabels(),
              peer.podLabels()));
    }
    return peers;
  }
}
