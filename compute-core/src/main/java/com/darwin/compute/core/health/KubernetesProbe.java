package com.darwin.compute.core.health;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.RayClusterKind;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Whether a configured Kubernetes target answers a request the service makes anyway (list at most
 * one RayCluster in its namespace), so the check needs no permission beyond the service's own. One
 * target at a time, so that the caller can give each its own deadline.
 */
@Component
public class KubernetesProbe {

  /** A target that answered. */
  public static final String UP = "UP";

  private final KubernetesTargets targets;

  public KubernetesProbe(KubernetesTargets targets) {
    this.targets = targets;
  }

  /** The configured targets' names, in their order. */
  public List<String> targetNames() {
    return targets.all().stream().map(KubernetesTarget::name).toList();
  }

  /** One target: {@value #UP}, or {@code DOWN: } and the kind of failure. */
  public String check(String targetName) {
    KubernetesTarget target = targets.get(targetName);
    try {
      RayClusterKind.in(target.client())
          .inNamespace(target.namespace())
          .list(new ListOptionsBuilder().withLimit(1L).build());
      return UP;
    } catch (RuntimeException e) {
      return "DOWN: " + e.getClass().getSimpleName();
    }
  }
}
