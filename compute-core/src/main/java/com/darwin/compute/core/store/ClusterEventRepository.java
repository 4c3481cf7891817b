package com.darwin.compute.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterEventRepository
    extends JpaRepository<ClusterEventEntity, Long>, JpaSpecificationExecutor<ClusterEventEntity> {

  /** Those of the keys already stored. */
  @Query("select e.externalKey from ClusterEventEntity e where e.externalKey in :keys")
  List<String> findExternalKeysIn(@Param("keys") Collection<String> keys);

  /** Events due for forwarding, oldest first, of those recorded at or after {@code since}. */
  List<ClusterEventEntity>
      findByForwardedFalseAndNextForwardAtLessThanEqualAndCreatedAtGreaterThanEqualOrderByIdAsc(
          Instant now, Instant since, Limit limit);

  /**
   * Events recorded before {@code cutoff} and still not forwarded, at most {@code limit} of them,
   * in no order (every one of them is past its time): a plain read through the forwarding index,
   * locking nothing, so events being recorded meanwhile are not held up. They are marked by id.
   */
  @Query(
      "select new com.darwin.compute.core.store.UnsentEvent(e.id, e.eventType)"
          + " from ClusterEventEntity e where e.forwarded = false and e.createdAt < :cutoff")
  List<UnsentEvent> findUnsentBefore(@Param("cutoff") Instant cutoff, Limit limit);

  @Modifying
  @Query("update ClusterEventEntity e set e.forwarded = true where e.id in :ids")
  int markForwarded(@Param("ids") List<Long> ids);

  @Modifying
  @Query(
      "update ClusterEventEntity e set e.forwardAttempts = e.forwardAttempts + 1,"
          + " e.nextForwardAt = :retryAt where e.id in :ids")
  int postponeForwarding(@Param("ids") List<Long> ids, @Param("retryAt") Instant retryAt);
}
