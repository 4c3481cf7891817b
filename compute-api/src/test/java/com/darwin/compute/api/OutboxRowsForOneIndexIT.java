package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.store.OutboxEntry;
import com.darwin.compute.core.store.OutboxRepository;
import com.darwin.compute.core.store.TimelineRows;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rows for one index (a backfill, the audit's findings) against the real database: the read by due
 * time, which replicas of the previous version drain into their own index, does not see them for an
 * hour; the read of this index's rows does.
 */
class OutboxRowsForOneIndexIT extends ApiIntegrationTest {

  @Autowired TimelineRows rows;
  @Autowired OutboxRepository outbox;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;

  /** What a replica searching {@code index} takes of that index's rows at {@code now}. */
  private List<OutboxEntry> forIndex(String index, Instant now) {
    return outbox
        .findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
            index, now, now.plus(Duration.ofHours(1)), Limit.of(10));
  }

  @Test
  void rowsForAnotherIndexAreHiddenFromTheReadByDueTimeUntilTheyAreDue() {
    // Another index's name: this replica's indexer leaves the rows alone until they are due.
    String other = unique("other-index");
    String clusterId = "id-" + unique("one-index").replace("-", "").substring(0, 16);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant due = now.plus(Duration.ofHours(1));
    new TransactionTemplate(transactions)
        .executeWithoutResult(s -> rows.insertOutboxFor(other, List.of(clusterId), now, due));
    try {
      assertThat(outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(now, Limit.of(10_000)))
          .extracting(OutboxEntry::getClusterId)
          .doesNotContain(clusterId);
      List<OutboxEntry> mine = forIndex(other, now);
      assertThat(mine).extracting(OutboxEntry::getClusterId).containsExactly(clusterId);
      assertThat(mine.get(0).getIndexName()).isEqualTo(other);
      assertThat(mine.get(0).getNextAttemptAt()).isEqualTo(due);
      // An hour on, it is due for any replica: a row left by a rollback is not kept for ever.
      assertThat(
              outbox.findByNextAttemptAtLessThanEqualOrderByIdAsc(
                  due.plusMillis(1), Limit.of(10_000)))
          .extracting(OutboxEntry::getClusterId)
          .contains(clusterId);
      // A row that failed is postponed to its retry plus the hour: this index's replicas wait for
      // the retry, others an hour more.
      jdbc.update(
          "UPDATE search_outbox SET attempts = 1,"
              + " next_attempt_at = next_attempt_at + INTERVAL 30 SECOND WHERE index_name = ?",
          other);
      assertThat(forIndex(other, now)).isEmpty();
      assertThat(forIndex(other, now.plusSeconds(30)))
          .extracting(OutboxEntry::getClusterId)
          .containsExactly(clusterId);
    } finally {
      jdbc.update("DELETE FROM search_outbox WHERE index_name = ?", other);
    }
  }
}
