package com.darwin.compute.core.store;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
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
}
