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

  List<ClusterEventEntity> findByForwardedFalseAndNextForwardAtLessThanEqualOrderByIdAsc(
      Instant now, Limit limit);

  @Modifying
  @Query("update ClusterEventEntity e set e.forwarded = true where e.id in :ids")
  int markForwarded(@Param("ids") List<Long> ids);

  @Modifying
  @Query(
      "update ClusterEventEntity e set e.forwardAttempts = e.forwardAttempts + 1,"
          + " e.nextForwardAt = :retryAt where e.id in :ids")
  int postponeForwarding(@Param("ids") List<Long> ids, @Param("retryAt") Instant retryAt);
}
