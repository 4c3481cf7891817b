package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.KubernetesProbe;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code kubernetes} in {@code /actuator/health}. Reported, but in neither probe group: while an
 * API server is away nothing is reconciled on it, and the watches resume on their own when it is
 * back; restarting or unloading the service would not help.
 */
@Component
class KubernetesHealthIndicator extends AbstractHealthIndicator {

  private final KubernetesProbe probe;

  KubernetesHealthIndicator(KubernetesProbe probe) {
    super("Kubernetes health check failed");
    this.probe = probe;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    DependencyStatus status = probe.check();
    (status.up() ? builder.up() : builder.down()).withDetails(status.details());
  }
}
