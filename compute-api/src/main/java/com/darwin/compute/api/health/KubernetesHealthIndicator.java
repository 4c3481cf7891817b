package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.KubernetesProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code kubernetes} in {@code /actuator/health}. Reported, but in neither probe group: while an
 * API server is away nothing is reconciled on it, and the watches resume on their own when it is
 * back; restarting or unloading the service would not help.
 */
@Component
class KubernetesHealthIndicator implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(KubernetesHealthIndicator.class);

  private final KubernetesProbe probe;

  KubernetesHealthIndicator(KubernetesProbe probe) {
    this.probe = probe;
  }

  /**
   * {@code DEGRADED} (HTTP 200), never {@code DOWN}, when it fails: a dependency that does not stop
   * cluster operations must not turn the whole health answer into a 503.
   */
  @Override
  public Health health() {
    try {
      DependencyStatus status = probe.check();
      return (status.up() ? Health.up() : Health.status(SearchHealthIndicator.DEGRADED))
          .withDetails(status.details())
          .build();
    } catch (Exception e) {
      log.warn("Kubernetes health check failed: {}", e.toString());
      return Health.status(SearchHealthIndicator.DEGRADED).withException(e).build();
    }
  }
}
