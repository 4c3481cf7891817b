package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.search.SearchIndex;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Elasticsearch in the health report ({@code components.search}). Search down is {@code DEGRADED},
 * not {@code DOWN}: cluster operations go on and the index catches up through the outbox, so the
 * replica must stay alive and ready. The check asks Elasticsearch only, never the database, so it
 * stays fast when the database does not answer.
 */
@Component("search")
class SearchHealthIndicator extends DependencyHealthIndicator {

  /** Working, with a part unavailable. Mapped to HTTP 200 in application.yml. */
  static final Status DEGRADED = new Status("DEGRADED", "search is unavailable");

  private final SearchIndex index;

  SearchHealthIndicator(SearchIndex index, DeadlineChecks checks, HealthProperties properties) {
    super("Search index", checks, properties);
    this.index = index;
  }

  @Override
  DependencyStatus check() {
    Optional<String> unavailable = index.unavailability();
    Map<String, Object> details = new LinkedHashMap<>();
    unavailable.ifPresent(reason -> details.put("error", reason));
    details.put("index", index.name());
    return new DependencyStatus(unavailable.isEmpty(), details);
  }
}
