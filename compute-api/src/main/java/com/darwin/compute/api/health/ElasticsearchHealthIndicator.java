package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.ElasticsearchProbe;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * {@code elasticsearch} in {@code /actuator/health}: an Elasticsearch outage degrades search only
 * (writes go through the outbox), so it must neither restart a replica nor take it out of the load
 * balancer.
 */
@Component
class ElasticsearchHealthIndicator extends DependencyHealthIndicator {

  private final ElasticsearchProbe probe;

  ElasticsearchHealthIndicator(
      ElasticsearchProbe probe, DeadlineChecks checks, HealthProperties properties) {
    super("Elasticsearch", checks, properties);
    this.probe = probe;
  }

  @Override
  DependencyStatus check() throws IOException {
    return probe.check();
  }
}
