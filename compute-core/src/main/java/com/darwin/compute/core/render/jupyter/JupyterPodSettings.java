package com.darwin.compute.core.render.jupyter;

import java.util.List;
import java.util.Map;

/**
 * What every standalone Jupyter pod is made of, from configuration.
 *
 * @param image the image running {@code jupyter lab} (a runtime image: JupyterLab 4.2.5)
 * @param cpu CPU request and limit
 * @param memory memory request and limit (a Kubernetes quantity)
 * @param port the server's port
 * @param workspaceClaim the workspace claim mounted at {@code mountPath}, or null for none
 * @param mountPath where the workspace is mounted (the same path as on clusters)
 * @param readinessPeriodSeconds how often the kubelet probes the server
 * @param readinessFailureThreshold failed probes before the pod is unready
 * @param allowedFrom who may reach the server's port (NetworkPolicy peers)
 * @param imagePullSecret a Secret to pull the image with, or null
 */
public record JupyterPodSettings(
    String image,
    String cpu,
    String memory,
    int port,
    String workspaceClaim,
    String mountPath,
    int readinessPeriodSeconds,
    int readinessFailureThreshold,
    List<Peer> allowedFrom,
    String imagePullSecret) {

  public JupyterPodSettings {
    allowedFrom = allowedFrom == null ? List.of() : List.copyOf(allowedFrom);
  }

  /**
   * Pods allowed to reach Jupyter: those with {@code podLabels} in namespaces with {@code
   * namespaceLabels} (an empty map matches every namespace; null only the pod's own namespace).
   */
  public record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels) {}
}
