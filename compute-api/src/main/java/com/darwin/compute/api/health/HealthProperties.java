package com.darwin.compute.api.health;

import com.darwin.compute.core.config.SettingChecks;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deadlines of the checks behind {@code /actuator/health}. Each check runs against its own
 * deadline, so the whole answer is bounded by their sum even when every dependency hangs.
 * Elasticsearch is checked twice (the index for {@code search}, the cluster for {@code
 * elasticsearch}), each with the dependency deadline. Both are at least 1ms, or the start stops: a
 * check waits whole milliseconds, and one that waits none finds its dependency down every time.
 *
 * @param databaseTimeout past it {@code components.db} is DOWN (readiness too)
 * @param dependencyTimeout past it Elasticsearch or Kubernetes is DEGRADED (its client's own
 *     timeouts are ten seconds and more, and the Kubernetes client retries)
 */
@ConfigurationProperties("compute.health")
public record HealthProperties(
    @DefaultValue("2s") Duration databaseTimeout, @DefaultValue("2s") Duration dependencyTimeout) {

  public HealthProperties {
    SettingChecks.atLeastOneMillisecond("compute.health.database-timeout", databaseTimeout);
    SettingChecks.atLeastOneMillisecond("compute.health.dependency-timeout", dependencyTimeout);
  }
}
