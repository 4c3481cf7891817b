package com.darwin.compute.core.render.jupyter;

import com.darwin.compute.core.render.NetworkPolicyParts;
import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One NetworkPolicy per target namespace for the Jupyter container of every cluster's head pod: its
 * port is admitted only from the configured peers (the proxy, the control plane), every other port
 * of the head stays open as before (Ray's workers and clients connect to many ports, some chosen at
 * random), so the policy closes exactly the tokenless Jupyter server. With each cluster isolated by
 * its own policy, this one admits the Jupyter port only.
 */
public final class HeadJupyterAccessPolicy {

  public static final String NAME = "darwin-head-jupyter-access";

  /** Its {@code app.kubernetes.io/component} label. */
  public static final String COMPONENT_VALUE = "head-jupyter-access";

  private HeadJupyterAccessPolicy() {}

  public static NetworkPolicy render(
      String namespace, int jupyterPort, JupyterPodSettings settings) {
    return render(namespace, jupyterPort, settings, false);
  }

  /**
   * @param clustersIsolated each cluster has its own policy ({@code compute.cluster-network}): then
   *     this one must not open the other ports to everyone, as policies add up
   */
  public static NetworkPolicy render(
      String namespace, int jupyterPort, JupyterPodSettings settings, boolean clustersIsolated) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    selector.put(ResourceNames.KUBERAY_NODE_TYPE_LABEL, "head");
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    labels.put(JupyterPodRenderer.COMPONENT_LABEL, COMPONENT_VALUE);
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    if (!clustersIsolated) {
      rules.add(
          new NetworkPolicyIngressRuleBuilder()
              .withPorts(NetworkPolicyParts.everyPortBut(jupyterPort))
              .build());
    }
    rules.addAll(JupyterPodRenderer.jupyterIngress(settings, jupyterPort));
    return new NetworkPolicyBuilder()
        .withApiVersion("networking.k8s.io/v1")
        .withKind("NetworkPolicy")
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }
}
