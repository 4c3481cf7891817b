package com.darwin.compute.core.render.jupyter;

/**
 * One Jupyter pod to render.
 *
 * @param name the pod's name ({@code jup-...}): the Deployment's, and the route's {@code {id}}
 * @param namespace the target's namespace
 * @param cloudEnv the target's name, the first segment of the proxy route
 * @param restarts stamped on the pod template: a new value rolls the pod
 * @param deploymentUid the live Deployment's uid, owner of the Service and NetworkPolicy; null
 *     before it exists (they are then rendered without owner)
 */
public record JupyterPodInput(
    String name, String namespace, String cloudEnv, int restarts, String deploymentUid) {

  /** The proxy route the server is served under: {@code /{cloud_env}/{name}-jupyter}. */
  public String basePath() {
    return "/" + cloudEnv + "/" + name + "-jupyter";
  }
}
