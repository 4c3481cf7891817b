package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.ElasticsearchProbe;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code elasticsearch} in {@code /actuator/health}. Reported, but in neither probe group: an
 * Elasticsearch outage degrades search only (writes go through the outbox), so it must neither
 * restart a replica nor take it out of the load balancer.
 */
@Component
class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

  private final ElasticsearchProbe probe;

  ElasticsearchHealthIndicator(ElasticsearchProbe probe) {
    super("Elasticsearch health check failed");
    this.probe = probe;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DependencyStatus status = probe.check();
    (status.up() ? builder.up() : builder.down()).withDetails(status.details());
  }
}
