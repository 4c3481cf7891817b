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
   * Gives up forwarding at most {@code limit} events recorded before {@code cutoff}: they are
   * marked done without being sent. Bounded (and in no order: every one of them is past its time),
   * so a large backlog is worked off in short statements through the forwarding index.
   */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "update cluster_events set forwarded = true"
              + " where forwarded = false and created_at < :cutoff limit :limit")
  int giveUpForwardingBefore(@Param("cutoff") Instant cutoff, @Param("limit") int limit);

  @Modifying
  @Query("update ClusterEventEntity e set e.forwarded = true where e.id in :ids")
  int markForwarded(@Param("ids") List<Long> ids);

  @Modifying
  @Query(
      "update ClusterEventEntity e set e.forwardAttempts = e.forwardAttempts + 1,"
          + " e.nextForwardAt = :retryAt where e.id in :ids")
  int postponeForwarding(@Param("ids") List<Long> ids, @Param("retryAt") Instant retryAt);
}
