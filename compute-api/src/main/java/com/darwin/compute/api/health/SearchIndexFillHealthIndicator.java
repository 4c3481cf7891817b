package com.darwin.compute.api.health;

import com.darwin.compute.core.search.SearchIndexFill;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code components.searchIndexFill} (Boot drops the bean name's suffix), in the readiness group:
 * {@code OUT_OF_SERVICE} while the index this replica searches is new and filling ({@link
 * SearchIndexFill}), so that the old replicas of a rolling upgrade keep answering searches from
 * their full index meanwhile. Reads the last check's result only: a probe never waits on a store.
 */
@Component("searchIndexFillHealthIndicator")
class SearchIndexFillHealthIndicator implements HealthIndicator {

  private final SearchIndexFill fill;

  SearchIndexFillHealthIndicator(SearchIndexFill fill) {
    this.fill = fill;
  }

  @Override
  public Health health() {
    SearchIndexFill.Progress progress = fill.progress();
    Health.Builder health = progress.stage().waits() ? Health.outOfService() : Health.up();
    health
        .withDetail("index", fill.index())
        .withDetail("stage", progress.stage().name().toLowerCase(Locale.ROOT));
    if (progress.stage() == SearchIndexFill.Stage.FILLING
        || progress.stage() == SearchIndexFill.Stage.BACKFILL_OWED) {
      health.withDetail("waiting", progress.waiting());
    }
    return health.build();
  }
}
