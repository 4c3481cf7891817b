package com.darwin.compute.core.history;

import com.darwin.compute.model.history.HistoryServerStatus;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface HistoryServerRepository extends JpaRepository<HistoryServerEntity, String> {

  Optional<HistoryServerEntity> findByResource(String resource);

  /** The row, locked until the transaction ends. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select s from HistoryServerEntity s where s.id = :id")
  Optional<HistoryServerEntity> findLocked(@Param("id") String id);

  List<HistoryServerEntity> findAllByOrderByCreatedAtAscIdAsc(Pageable page);

  List<HistoryServerEntity> findByStatusInOrderByCreatedAtAscIdAsc(
      Collection<HistoryServerStatus> statuses, Pageable page);

  /** One page of the servers in those statuses, after {@code afterId} in id order. */
  List<HistoryServerEntity> findByStatusInAndIdGreaterThanOrderByIdAsc(
      Collection<HistoryServerStatus> statuses, String afterId, Limit limit);

  /**
   * Running servers of clusters that were deleted (their tombstones): what the expiry job stops. A
   * cluster's delete leaves its server to this job: it may have been started by someone the
   * cluster's owner cannot stop, and with the cluster gone no one could start it again.
   */
  @Query(
      value =
          "SELECT s.id FROM spark_history_servers s"
              + " JOIN cluster_tombstones t ON t.cluster_id = s.resource"
              + " WHERE s.status IN ('CREATED', 'ACTIVE') ORDER BY s.id",
      nativeQuery = true)
  List<String> findRunningOfDeletedClusters();

  /** Running servers whose time to live has ended: what the expiry job stops. */
  @Query(
      "select s.id from HistoryServerEntity s where s.status in :running and s.expiresAt <= :now"
          + " order by s.expiresAt, s.id")
  List<String> findExpired(
      @Param("running") Collection<HistoryServerStatus> running, @Param("now") Instant now);

  /**
   * Stops a running server whose time to live has ended, in one statement: of two replicas that
   * both try, exactly one changes the row (the other's count is 0), so only one stops it, writes
   * its timeline entry and alerts.
   */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.status = :inactive, s.stoppedAt = :now,"
          + " s.expiresAt = null, s.version = s.version + 1"
          + " where s.id = :id and s.status in :running and s.expiresAt <= :now")
  int expire(
      @Param("id") String id,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("inactive") HistoryServerStatus inactive,
      @Param("now") Instant now);

  /** What the watch of its Deployment says, written only while the server runs. */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.status = :status, s.statusMessage = :message,"
          + " s.version = s.version + 1"
          + " where s.id = :id and s.status in :running and s.status <> :status")
  int observe(
      @Param("id") String id,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("status") HistoryServerStatus status,
      @Param("message") String message);

  /** {@link #observe}, only while the server runs the start of {@code startedAt}. */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.status = :status, s.statusMessage = :message,"
          + " s.version = s.version + 1"
          + " where s.id = :id and s.startedAt = :startedAt and s.status in :running"
          + " and s.status <> :status")
  int observeStart(
      @Param("id") String id,
      @Param("startedAt") Instant startedAt,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("status") HistoryServerStatus status,
      @Param("message") String message);

  /**
   * {@link #observe}, only while the row is still the version read: the repair pass judged it from
   * that read, and a write the watch made since is newer than what the pass saw.
   */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.status = :status, s.statusMessage = :message,"
          + " s.version = s.version + 1"
          + " where s.id = :id and s.version = :version and s.status in :running"
          + " and s.status <> :status")
  int observeVersion(
      @Param("id") String id,
      @Param("version") long version,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("status") HistoryServerStatus status,
      @Param("message") String message);

  /** Stops a running server (a user's stop); 0 when it is not running. */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.status = :inactive, s.stoppedAt = :now,"
          + " s.expiresAt = null, s.version = s.version + 1"
          + " where s.id = :id and s.status in :running")
  int stop(
      @Param("id") String id,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("inactive") HistoryServerStatus inactive,
      @Param("now") Instant now);

  /** A running server's new time to live; 0 when it is not running. */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.ttl = :ttl, s.expiresAt = :expiresAt,"
          + " s.version = s.version + 1 where s.id = :id and s.status in :running")
  int extend(
      @Param("id") String id,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("ttl") int ttl,
      @Param("expiresAt") Instant expiresAt);

  /**
   * A running server whose start could not be applied; 0 when it is not running that start any more
   * (stopped, or started again by another request).
   */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(
      "update HistoryServerEntity s set s.status = :failed, s.statusMessage = :message,"
          + " s.expiresAt = null, s.version = s.version + 1"
          + " where s.id = :id and s.startedAt = :startedAt and s.status in :running")
  int fail(
      @Param("id") String id,
      @Param("startedAt") Instant startedAt,
      @Param("running") Collection<HistoryServerStatus> running,
      @Param("failed") HistoryServerStatus failed,
      @Param("message") String message);
}
