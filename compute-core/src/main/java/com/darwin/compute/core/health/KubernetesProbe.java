package com.darwin.compute.core.health;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.RayClusterKind;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Whether every configured Kubernetes target answers a request the service makes anyway (list at
 * most one RayCluster in its namespace), so the check needs no permission beyond the service's own.
 */
@Component
public class KubernetesProbe {

  private final KubernetesTargets targets;

  public KubernetesProbe(KubernetesTargets targets) {
    this.targets = targets;
  }

  public DependencyStatus check() {
    Map<String, Object> perTarget = new LinkedHashMap<>();
    boolean allUp = true;
    for (KubernetesTarget target : targets.all()) {
      try {
        RayClusterKind.in(target.client())
            .inNamespace(target.namespace())
            .list(new ListOptionsBuilder().withLimit(1L).build());
        perTarget.put(target.name(), "UP");
      } catch (RuntimeException e) {
        allUp = false;
        perTarget.put(target.name(), "DOWN: " + e.getClass().getSimpleName());
      }
    }
    return new DependencyStatus(allUp, Map.of("targets", perTarget));
  }
}
