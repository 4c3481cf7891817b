package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.KubernetesProbe;
import org.springframework.stereotype.Component;

/**
 * {@code kubernetes} in {@code /actuator/health}: while an API server is away nothing is reconciled
 * on it, and the watches resume on their own when it is back; restarting or unloading the service
 * would not help.
 */
@Component
class KubernetesHealthIndicator extends DependencyHealthIndicator {

  private final KubernetesProbe probe;

  KubernetesHealthIndicator(
      KubernetesProbe probe, DeadlineChecks checks, HealthProperties properties) {
    super("Kubernetes", checks, properties);
    this.probe = probe;
  }

  @Override
  DependencyStatus check() {
    return probe.check();
  }
}
