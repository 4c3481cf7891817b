package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A dependency reported in {@code /actuator/health} but in neither probe group. It is {@code
 * DEGRADED} (HTTP 200), never {@code DOWN}, when it fails: a dependency that does not stop cluster
 * operations must not turn the whole health answer into a 503.
 */
abstract class DependencyHealthIndicator implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(DependencyHealthIndicator.class);

  private final String name;

  DependencyHealthIndicator(String name) {
    this.name = name;
  }

  /** Asks the dependency; an exception means it did not answer. */
  abstract DependencyStatus check() throws Exception;

  @Override
  public Health health() {
    try {
      DependencyStatus status = check();
      return (status.up() ? Health.up() : Health.status(SearchHealthIndicator.DEGRADED))
          .withDetails(status.details())
          .build();
    } catch (Exception e) {
      log.warn("{} health check failed: {}", name, e.toString());
      return Health.status(SearchHealthIndicator.DEGRADED).withException(e).build();
    }
  }
}
