package com.darwin.compute.core.store;

import java.util.Collection;
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

  /**
   * Each run of the cluster with its first start and last end, oldest run first: a cluster's cost
   * is read from these, not from every action it ever had.
   */
  @Query(
      "select new com.darwin.compute.core.store.RunSpanIds(a.runId,"
          + " min(case when a.action = :started then a.id else null end),"
          + " max(case when a.action in :ends then a.id else null end))"
          + " from ClusterActionEntity a where a.clusterId = :clusterId and a.runId is not null"
          + " group by a.runId order by min(a.id) asc")
  List<RunSpanIds> runSpans(
      @Param("clusterId") String clusterId,
      @Param("started") String started,
      @Param("ends") Collection<String> ends);

  /** When these actions happened, by id. */
  @Query("select a.id, a.createdAt from ClusterActionEntity a where a.id in :ids")
  List<Object[]> times(@Param("ids") Collection<Long> ids);
}
