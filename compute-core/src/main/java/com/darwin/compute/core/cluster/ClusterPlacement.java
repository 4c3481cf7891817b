package com.darwin.compute.core.cluster;

import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Chooses the Kubernetes target ({@code cloud_env}) of a cluster: the request's {@code cloud_env},
 * else a tag naming a target (the Python service's convention), else the default target.
 */
@Component
public class ClusterPlacement {

  private final KubernetesTargets targets;

  public ClusterPlacement(KubernetesTargets targets) {
    this.targets = targets;
  }

  /** The target name, or empty when the request names an unknown one. */
  public Optional<String> resolve(ClusterRequest request) {
    if (request.cloudEnv() != null && !request.cloudEnv().isBlank()) {
      return targets.find(request.cloudEnv()).map(t -> t.name());
    }
    for (String tag : request.tags()) {
      if (targets.find(tag).isPresent()) {
        return Optional.of(tag);
      }
    }
    return Optional.of(targets.defaultTargetName());
  }

  public String namespaceOf(String target) {
    return targets.get(target).namespace();
  }
}
