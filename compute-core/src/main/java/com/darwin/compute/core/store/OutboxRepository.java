package com.darwin.compute.core.store;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OutboxRepository extends JpaRepository<OutboxEntry, Long> {

  List<OutboxEntry> findByNextAttemptAtLessThanEqualOrderByIdAsc(Instant now, Limit limit);

  /**
   * Rows meant for this index that are not due yet: written due a fixed wait later than they are
   * meant (and postponed the same way after a failure), so that replicas of an earlier version,
   * which take rows by due time alone, leave them to this one, which takes them once {@code
   * hiddenUntil} (now plus that wait) reaches them.
   */
  List<OutboxEntry>
      findByIndexNameAndNextAttemptAtGreaterThanAndNextAttemptAtLessThanEqualOrderByNextAttemptAtAscIdAsc(
          String indexName, Instant now, Instant hiddenUntil, Limit limit);

  /**
   * Rows meant for one index that are due by {@code hiddenUntil} (now plus the wait that hides them
   * from other versions), those its indexer takes now, but for changes forwarded from another
   * version's indexer. Counted on the index {@code (index_name, next_attempt_at, id, forwarded)}
   * alone.
   */
  long countByIndexNameAndForwardedFalseAndNextAttemptAtLessThanEqual(
      String indexName, Instant hiddenUntil);

  /**
   * Rows {@code indexName}'s indexer takes: changes (for no index in particular) and rows for that
   * index alone, counted and dated in one statement. Rows for another version's index are that
   * version's backlog.
   */
  @Query(
      "select new com.darwin.compute.core.store.OutboxBacklog(count(e), min(e.createdAt))"
          + " from OutboxEntry e where e.indexName is null or e.indexName = :index")
  OutboxBacklog backlogTakenBy(@Param("index") String indexName);

  /** One statement for every row of a failed batch. */
  @Modifying
  @Query(
      "update OutboxEntry e set e.attempts = e.attempts + 1, e.nextAttemptAt = :retryAt,"
          + " e.lastError = :error where e.id in :ids")
  int postpone(
      @Param("ids") List<Long> ids,
      @Param("retryAt") Instant retryAt,
      @Param("error") String error);
}
