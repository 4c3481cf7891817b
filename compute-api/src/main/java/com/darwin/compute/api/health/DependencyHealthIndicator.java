package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A dependency reported in {@code /actuator/health} but in neither probe group. It is {@code
 * DEGRADED} (HTTP 200), never {@code DOWN}, when it fails: a dependency that does not stop cluster
 * operations must not turn the whole health answer into a 503. Its check has a deadline ({@code
 * compute.health.dependency-timeout}) so that a dependency that stops answering does not hold the
 * health answer, and with it the database's verdict, for its client's own timeouts.
 */
abstract class DependencyHealthIndicator implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(DependencyHealthIndicator.class);

  private final String name;
  private final DeadlineChecks checks;
  private final HealthProperties properties;

  DependencyHealthIndicator(String name, DeadlineChecks checks, HealthProperties properties) {
    this.name = name;
    this.checks = checks;
    this.properties = properties;
  }

  /** Asks the dependency; an exception means it did not answer. */
  abstract DependencyStatus check() throws Exception;

  @Override
  public Health health() {
    try {
      DependencyStatus status = checks.within(name, properties.dependencyTimeout(), this::check);
      return (status.up() ? Health.up() : Health.status(SearchHealthIndicator.DEGRADED))
          .withDetails(status.details())
          .build();
    } catch (TimeoutException e) {
      log.warn("{} health check: no answer within {}", name, properties.dependencyTimeout());
      return Health.status(SearchHealthIndicator.DEGRADED)
          .withDetail("error", "no answer within " + properties.dependencyTimeout())
          .build();
    } catch (ExecutionException e) {
      log.warn("{} health check failed: {}", name, e.getCause().toString());
      return Health.status(SearchHealthIndicator.DEGRADED).withException(e.getCause()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.status(SearchHealthIndicator.DEGRADED)
          .withDetail("error", "interrupted")
          .build();
    }
  }
}
