package com.darwin.compute.api.health;

import com.darwin.compute.core.search.SearchIndex;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Elasticsearch in the health report ({@code components.search}). Search down is {@code DEGRADED},
 * not {@code DOWN}: cluster operations go on and the index catches up through the outbox, so the
 * replica must stay alive and ready. The check asks Elasticsearch only, never the database, so it
 * stays fast when the database does not answer.
 */
@Component("search")
class SearchHealthIndicator implements HealthIndicator {

  /** Working, with a part unavailable. Mapped to HTTP 200 in application.yml. */
  static final Status DEGRADED = new Status("DEGRADED", "search is unavailable");

  private final SearchIndex index;

  SearchHealthIndicator(SearchIndex index) {
    this.index = index;
  }

  @Override
  public Health health() {
    Optional<String> unavailable = index.unavailability();
    Health.Builder health = unavailable.isEmpty() ? Health.up() : Health.status(DEGRADED);
    unavailable.ifPresent(reason -> health.withDetail("error", reason));
    return health.withDetail("index", index.name()).build();
  }
}
