package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterStatus;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface ClusterRepository extends JpaRepository<ClusterEntity, String> {

  boolean existsByName(String name);

  boolean existsByNameAndClusterIdNot(String name, String clusterId);

  List<ClusterEntity> findByClusterIdIn(Collection<String> clusterIds);

  /** A user's clusters in one desired state (the per-user caps count the running ones). */
  List<ClusterEntity> findByOwnerAndDesiredState(String owner, DesiredState desiredState);

  /**
   * The owner's clusters in that desired state as committed now (a locking read, not the
   * transaction's snapshot): what the per-user caps count inside a transaction that makes one more
   * run, after {@link #lockOwner}.
   */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("select c from ClusterEntity c where c.owner = :owner and c.desiredState = :state")
  List<ClusterEntity> findCommittedByOwnerAndDesiredState(
      @Param("owner") String owner, @Param("state") DesiredState desiredState);

  /**
   * Locks the owner's row of {@code owner_locks} (made on first use) until the transaction ends:
   * transactions of one owner that take it count the owner's running clusters one after another.
   */
  @Modifying(flushAutomatically = true)
  @Query(
      value =
          "INSERT INTO owner_locks (owner) VALUES (:owner) ON DUPLICATE KEY UPDATE owner = owner",
      nativeQuery = true)
  int lockOwner(@Param("owner") String owner);

  /**
   * What a resync compares with the live objects, for every cluster the reconciler must look at:
   * wanted running, or not yet seen stopped, and whether a replica other than {@code replica} holds
   * its lease. One query, whatever the number of clusters.
   */
  default List<ReconcileCandidate> findReconcileCandidates(String replica) {
    return findReconcileCandidates(NOT_INACTIVE, replica);
  }

  /**
   * Every status but inactive, listed: the status column is an ENUM, which MySQL and MariaDB
   * compare with a string as text rather than in the index's order, so {@code status <> 'inactive'}
   * cannot be a range of its index and the query read the whole table (0.9-1.1 s at 100,000
   * clusters with 100 running, against 0.5-1.2 ms for the index merge of this list).
   */
  Set<ClusterStatus> NOT_INACTIVE =
      Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(ClusterStatus.INACTIVE)));

  @Query(
      "select new com.darwin.compute.core.store.ReconcileCandidate(c.clusterId, c.desiredState,"
          + " c.status, c.specVersion, c.restartGeneration, c.activePods, c.cloudEnv,"
          + " case when c.leaseOwner is not null and c.leaseOwner <> :replica"
          + " and c.leaseUntil >= current_timestamp then true else false end)"
          + " from ClusterEntity c where c.desiredState = "
          + "com.darwin.compute.core.store.DesiredState.RUNNING or c.status in :statuses")
  List<ReconcileCandidate> findReconcileCandidates(
      @Param("statuses") Collection<ClusterStatus> statuses, @Param("replica") String replica);

  /** {@code [ClusterStatus, Long]} rows: how many clusters are in each status (for metrics). */
  @Query("select c.status, count(c) from ClusterEntity c group by c.status")
  List<Object[]> countByStatus();

  /**
   * Those of these ids MySQL holds a row or a tombstone of (a deleted cluster's); ids it never knew
   * are left out. One statement for all of them.
   */
  @Query(
      value =
          "SELECT cluster_id FROM clusters WHERE cluster_id IN (:ids)"
              + " UNION ALL"
              + " SELECT cluster_id FROM cluster_tombstones WHERE cluster_id IN (:ids)",
      nativeQuery = true)
  List<String> findKnownIds(@Param("ids") Collection<String> clusterIds);

  @Modifying
  @Query(
      value =
          "UPDATE clusters SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :owner",
      nativeQuery = true)
  int releaseLeases(@Param("owner") String owner);

  @Query(value = "SELECT lease_owner FROM clusters WHERE cluster_id = :id", nativeQuery = true)
  String leaseOwner(@Param("id") String clusterId);

  /**
   * Clusters wanted running and in one of {@code statuses}: what the idle sweep and the timeout job
   * look at.
   */
  @Query(
      "select c from ClusterEntity c where c.desiredState ="
          + " com.darwin.compute.core.store.DesiredState.RUNNING and c.status in :statuses")
  List<ClusterEntity> findRunningIn(@Param("statuses") Collection<ClusterStatus> statuses);

  /**
   * A keep-alive: the running cluster used at {@code now}, unless a later use is stored. Not
   * versioned (a bulk update leaves {@code version} alone), so a client sending keep-alives often
   * never makes a user's change of the same cluster lose its optimistic-lock race; the idle stop
   * guards on {@code last_used_at} itself ({@link StoppedClusterRows}).
   */
  @Modifying
  @Query(
      "update ClusterEntity c set c.lastUsedAt = :now where c.clusterId = :id and c.desiredState ="
          + " com.darwin.compute.core.store.DesiredState.RUNNING"
          + " and (c.lastUsedAt is null or c.lastUsedAt < :now)")
  int keepAlive(@Param("id") String clusterId, @Param("now") Instant now);

  /**
   * The same keep-alive, only for a cluster last used since {@code since} (the start of its search
   * document's current interval, {@code cluster.LastUseWriter}): the usual case, which re-indexes
   * nothing.
   */
  @Modifying
  @Query(
      "update ClusterEntity c set c.lastUsedAt = :now where c.clusterId = :id and c.desiredState ="
          + " com.darwin.compute.core.store.DesiredState.RUNNING"
          + " and c.lastUsedAt >= :since and c.lastUsedAt < :now")
  int keepAliveSince(
      @Param("id") String clusterId, @Param("now") Instant now, @Param("since") Instant since);

  /**
   * The cluster, read with a shared lock held to the end of the transaction: a delete waits for the
   * transaction, and a delete committed before it is seen (a locking read is never a stale
   * snapshot). What a transaction adds for the cluster after this read cannot outlive it.
   */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("select c from ClusterEntity c where c.clusterId = :id")
  Optional<ClusterEntity> findForShare(@Param("id") String clusterId);

  /**
   * The cluster, its row locked for writing until the transaction ends: an edit adding a Secret
   * takes it before reading the cluster's shares, so a share made at the same time ({@link
   * #findForShare}) either committed before that read or waits and then reads the new spec.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select c from ClusterEntity c where c.clusterId = :id")
  Optional<ClusterEntity> findForEdit(@Param("id") String clusterId);

  /**
   * Who, besides {@code except}, owns a cluster on {@code runtime} (a runtime's change is rare).
   */
  @Query(
      "select distinct c.owner from ClusterEntity c where c.runtime = :runtime"
          + " and c.owner <> :except order by c.owner")
  List<String> findOtherOwnersOnRuntime(
      @Param("runtime") String runtime, @Param("except") String except);

  /**
   * Marks the clusters used at {@code now}, in one statement; never back (a keep-alive may have
   * stored a later use while a sweep probed).
   */
  @Modifying
  @Transactional
  @Query(
      "update ClusterEntity c set c.lastUsedAt = :now where c.clusterId in :ids"
          + " and c.lastUsedAt < :now")
  int touchLastUsed(@Param("ids") Collection<String> clusterIds, @Param("now") Instant now);

  /** Starts a failing-probe streak for the clusters that have none, in one statement. */
  @Modifying
  @Query(
      "update ClusterEntity c set c.probeFailingSince = :now"
          + " where c.clusterId in :ids and c.probeFailingSince is null")
  int markProbesFailing(@Param("ids") Collection<String> clusterIds, @Param("now") Instant now);

  /** Ends the failing-probe streaks of the clusters, in one statement. */
  @Modifying
  @Query(
      "update ClusterEntity c set c.probeFailingSince = null"
          + " where c.clusterId in :ids and c.probeFailingSince is not null")
  int clearProbesFailing(@Param("ids") Collection<String> clusterIds);

  /** Clusters wanted running since before {@code cutoff} (a report for external alerting). */
  @Query(
      "select c from ClusterEntity c where c.desiredState ="
          + " com.darwin.compute.core.store.DesiredState.RUNNING and c.lastStartedAt < :cutoff"
          + " order by c.lastStartedAt, c.clusterId")
  List<ClusterEntity> findRunningSince(@Param("cutoff") Instant cutoff);

  /**
   * Job clusters not used since {@code cutoff}, paged (the id breaks ties, so no page skips one).
   */
  @Query(
      "select c.clusterId from ClusterEntity c where c.jobCluster = true and c.lastUsedAt < :cutoff"
          + " order by c.lastUsedAt, c.clusterId")
  List<String> findJobClustersUnusedSince(@Param("cutoff") Instant cutoff, Pageable page);
}
