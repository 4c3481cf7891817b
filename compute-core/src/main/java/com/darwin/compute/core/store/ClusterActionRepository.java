package com.darwin.compute.core.store;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterActionRepository extends JpaRepository<ClusterActionEntity, Long> {

  List<ClusterActionEntity> findByClusterIdOrderByIdAsc(String clusterId);

  List<ClusterActionEntity> findByRunIdOrderByIdAsc(String runId);

  List<ClusterActionEntity> findByRunIdOrderByIdDesc(String runId);

  @Query(
      "select new com.darwin.compute.core.store.RunSummary("
          + "a.runId, count(a), min(a.id), max(a.id)) from ClusterActionEntity a"
          + " where a.clusterId = :clusterId and a.runId is not null"
          + " group by a.runId order by min(a.id) desc")
  List<RunSummary> runsNewestFirst(@Param("clusterId") String clusterId, Limit limit);

  @Query(
      "select new com.darwin.compute.core.store.RunSummary("
          + "a.runId, count(a), min(a.id), max(a.id)) from ClusterActionEntity a"
          + " where a.clusterId = :clusterId and a.runId is not null"
          + " group by a.runId order by min(a.id) asc")
  List<RunSummary> runsOldestFirst(@Param("clusterId") String clusterId, Limit limit);
}
