package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.ElasticsearchProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code elasticsearch} in {@code /actuator/health}. Reported, but in neither probe group: an
 * Elasticsearch outage degrades search only (writes go through the outbox), so it must neither
 * restart a replica nor take it out of the load balancer.
 */
@Component
class ElasticsearchHealthIndicator implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchHealthIndicator.class);

  private final ElasticsearchProbe probe;

  ElasticsearchHealthIndicator(ElasticsearchProbe probe) {
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
      log.warn("Elasticsearch health check failed: {}", e.toString());
      return Health.status(SearchHealthIndicator.DEGRADED).withException(e).build();
    }
  }
}
