package com.darwin.compute.api.health;

import com.darwin.compute.core.search.OutboxIndexer;
import com.darwin.compute.core.search.SearchIndex;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Elasticsearch in the health report ({@code components.search}). Search down is {@code DEGRADED},
 * not {@code DOWN}: cluster operations go on and the index catches up through the outbox, so the
 * replica must stay alive and ready; the backlog says how far behind search is.
 */
@Component("search")
class SearchHealthIndicator implements HealthIndicator {

  /** Working, with a part unavailable. Mapped to HTTP 200 in application.yml. */
  static final Status DEGRADED = new Status("DEGRADED", "search is unavailable");

  private final SearchIndex index;
  private final OutboxIndexer outbox;

  SearchHealthIndicator(SearchIndex index, OutboxIndexer outbox) {
    this.index = index;
    this.outbox = outbox;
  }

  @Override
  public Health health() {
    Optional<String> unavailable = index.unavailability();
    Health.Builder health = unavailable.isEmpty() ? Health.up() : Health.status(DEGRADED);
    unavailable.ifPresent(reason -> health.withDetail("error", reason));
    try {
      health.withDetail("backlog", outbox.backlog());
    } catch (RuntimeException e) {
      health.withDetail("backlog", "unknown (database unavailable)");
    }
    return health.withDetail("index", index.name()).build();
  }
}
