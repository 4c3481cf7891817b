package com.darwin.compute.core.store;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterVisitRepository
    extends JpaRepository<ClusterVisitEntity, ClusterVisitEntity.Key> {

  /**
   * A user's most recent visits of clusters that still exist, newest first, with each cluster.
   * Deleted clusters drop out here rather than by a write on delete.
   */
  @Query(
      "select v, c from ClusterVisitEntity v, ClusterEntity c"
          + " where c.clusterId = v.key.clusterId and v.key.userId = :userId"
          + " order by v.visitedAt desc, v.key.clusterId asc")
  List<Object[]> recentWithClusters(@Param("userId") String userId, Pageable page);

  /**
   * Records a visit in one statement, so that two tabs visiting at once cannot collide.
   *
   * @return MySQL's affected rows: 1 for a first visit, 2 for a repeated one
   */
  @Modifying
  @Query(
      value =
          "INSERT INTO user_cluster_visits (user_id, cluster_id, visited_at)"
              + " VALUES (:userId, :clusterId, :at)"
              + " ON DUPLICATE KEY UPDATE visited_at = :at",
      nativeQuery = true)
  int upsert(
      @Param("userId") String userId,
      @Param("clusterId") String clusterId,
      @Param("at") Instant at);
}
