package com.darwin.compute.core.store;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterRepository extends JpaRepository<ClusterEntity, String> {

  boolean existsByName(String name);

  boolean existsByNameAndClusterIdNot(String name, String clusterId);

  List<ClusterEntity> findByClusterIdIn(Collection<String> clusterIds);

  /** Ids the reconciler must look at on a resync: wanted running, or not yet seen stopped. */
  @Query(
      "select c.clusterId from ClusterEntity c where c.desiredState = "
          + "com.darwin.compute.core.store.DesiredState.RUNNING "
          + "or c.status <> com.darwin.compute.model.cluster.ClusterStatus.INACTIVE")
  List<String> findIdsNeedingReconcile();

  @Query("select c.clusterId from ClusterEntity c")
  List<String> findAllIds();

  /**
   * Takes or renews the reconcile lease of a cluster, on the database's clock so replicas with
   * skewed clocks agree. Returns 1 when this owner holds the lease afterwards.
   */
  @Modifying
  @Query(
      value =
          "UPDATE clusters SET lease_owner = :owner,"
              + " lease_until = TIMESTAMPADD(MICROSECOND, :millis * 1000, CURRENT_TIMESTAMP(3))"
              + " WHERE cluster_id = :id AND (lease_owner IS NULL OR lease_owner = :owner"
              + " OR lease_until < CURRENT_TIMESTAMP(3))",
      nativeQuery = true)
  int acquireLease(
      @Param("id") String clusterId, @Param("owner") String owner, @Param("millis") long millis);

  @Modifying
  @Query(
      value =
          "UPDATE clusters SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :owner",
      nativeQuery = true)
  int releaseLeases(@Param("owner") String owner);

  @Query(value = "SELECT lease_owner FROM clusters WHERE cluster_id = :id", nativeQuery = true)
  String leaseOwner(@Param("id") String clusterId);

  /** Running clusters not active since before {@code cutoff}, in the UI's creating group. */
  @Query(
      "select c.clusterId from ClusterEntity c where c.desiredState ="
          + " com.darwin.compute.core.store.DesiredState.RUNNING"
          + " and c.notActiveSince < :cutoff and c.status in :statuses")
  List<String> findNotActiveSince(
      @Param("cutoff") java.time.Instant cutoff,
      @Param("statuses") Collection<com.darwin.compute.model.cluster.ClusterStatus> statuses);

  /** Running clusters that have been in {@code status} since before {@code cutoff}. */
  @Query(
      "select c.clusterId from ClusterEntity c where c.desiredState ="
          + " com.darwin.compute.core.store.DesiredState.RUNNING"
          + " and c.status = :status and c.statusChangedAt < :cutoff")
  List<String> findInStatusSince(
      @Param("status") com.darwin.compute.model.cluster.ClusterStatus status,
      @Param("cutoff") java.time.Instant cutoff);
}
