package com.darwin.compute.core.validation;

import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.model.cluster.ClusterRequest;

/**
 * A request that passed every check, with what the checks looked up so nobody looks it up again:
 * the request placed on its target, the catalogue runtime, the target's namespace, and the objects
 * it renders to under the preview id (what the manifest preview shows).
 */
public record ValidatedRequest(
    ClusterRequest placed, RuntimeEntity runtime, String namespace, RenderedCluster rendered) {

  public String cloudEnv() {
    return placed.cloudEnv();
  }
}
