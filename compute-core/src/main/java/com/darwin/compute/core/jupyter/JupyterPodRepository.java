package com.darwin.compute.core.jupyter;

import com.darwin.compute.model.jupyter.JupyterPodStatus;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

public interface JupyterPodRepository extends JpaRepository<JupyterPodEntity, String> {

  Optional<JupyterPodEntity> findByConsumerId(String consumerId);

  /** The consumer's pod, by a locking (current) read: an attach committed meanwhile is seen. */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("SELECT p FROM JupyterPodEntity p WHERE p.consumerId = :consumer")
  Optional<JupyterPodEntity> findCurrentByConsumerId(@Param("consumer") String consumerId);

  /**
   * Locks a pod's row by its key and reads whose it is now (null: free, deleted or gone). The wait
   * is bounded below the connection's socket timeout, as {@link #lockOldestFree}'s.
   */
  @QueryHints(@QueryHint(name = "jakarta.persistence.query.timeout", value = "2000"))
  @Query(
      value = "SELECT consumer_id FROM jupyter_pods WHERE name = :name FOR UPDATE",
      nativeQuery = true)
  String lockConsumerOf(@Param("name") String name);

  /** Moves a pod's last activity forward (a monotonic touch: no version check needed). */
  @Modifying
  @Query(
      "UPDATE JupyterPodEntity p SET p.lastActivity = :at WHERE p.name = :name"
          + " AND p.lastActivity < :at")
  int touch(@Param("name") String name, @Param("at") java.time.Instant at);

  /**
   * A row read with a lock, so its latest committed version: a plain read in a REPEATABLE READ
   * transaction sees the snapshot of its first read, and writing that back would fail the
   * optimistic check if another transaction committed since.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("SELECT p FROM JupyterPodEntity p WHERE p.name = :name")
  Optional<JupyterPodEntity> findLocked(@Param("name") String name);

  List<JupyterPodEntity> findByStatusInOrderByCreatedAtAscNameAsc(
      Collection<JupyterPodStatus> statuses);

  /**
   * Locks the oldest free pod of a target, a ready one before one still starting, waiting for a row
   * another transaction holds (a probe, a status write) rather than skipping it: a skipped warm pod
   * meant a cold pod for a consumer the pool could serve. Attaches themselves never meet here, as
   * they take the pool's lock first. Within a status the pods of one refill share their creation
   * instant, so the name breaks the tie, as in the pool listing. Run under READ COMMITTED ({@link
   * #readCommittedFromHere}): it locks every free row it reads (a filesort reads them all; a pool
   * is a few pods), and no gap. The wait is bounded below the connection's socket timeout (3 s), so
   * a row held for long fails the statement alone, not the connection, and the attach is tried
   * again with the pool's lock released meanwhile.
   */
  @QueryHints(@QueryHint(name = "jakarta.persistence.query.timeout", value = "2000"))
  @Query(
      value =
          "SELECT name FROM jupyter_pods WHERE cloud_env = :env AND consumer_id IS NULL"
              + " AND status IN ('ready', 'creating')"
              + " ORDER BY status = 'creating', created_at, name LIMIT 1 FOR UPDATE",
      nativeQuery = true)
  Optional<String> lockOldestFree(@Param("env") String cloudEnv);

  /**
   * Makes the transaction that has just begun READ COMMITTED: its locking reads take no gap locks,
   * so a status write waits for an attach only on the very rows it locked. (Under REPEATABLE READ
   * the scan also locks the gaps around the free pods; two waiting scans, ready pods then starting
   * ones, would make a lock cycle with a pod moving from one to the other.) It must be the
   * transaction's first statement (MySQL refuses it in a transaction that has started); the
   * connection's next transaction is REPEATABLE READ again. Spring's isolation attribute cannot say
   * it here: the connections are not prepared per transaction (see {@code
   * ComputeCoreConfiguration}).
   */
  @Modifying
  @Query(value = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", nativeQuery = true)
  void readCommittedFromHere();

  /** The free pods of a target, youngest first, locked (others' locked rows skipped). */
  @Query(
      value =
          "SELECT name FROM jupyter_pods WHERE cloud_env = :env AND consumer_id IS NULL"
              + " AND status IN ('ready', 'creating')"
              + " ORDER BY status = 'creating' DESC, created_at DESC, name DESC"
              + " FOR UPDATE SKIP LOCKED",
      nativeQuery = true)
  List<String> lockFreeYoungestFirst(@Param("env") String cloudEnv);

  @Query(
      value =
          "SELECT COUNT(*) FROM jupyter_pods WHERE cloud_env = :env AND consumer_id IS NULL"
              + " AND status IN ('ready', 'creating')",
      nativeQuery = true)
  long countFree(@Param("env") String cloudEnv);

  @Modifying
  @Query(value = "INSERT IGNORE INTO jupyter_pools (cloud_env) VALUES (:env)", nativeQuery = true)
  int registerPool(@Param("env") String cloudEnv);

  /** A target's failure streak: its length, and the pod settings it is of (null: none known). */
  interface PoolStreak {
    int getFailedInARow();

    String getFailedPodSettings();
  }

  /** The target's failure streak (the pool's row locked by the caller). */
  @Query(
      value =
          "SELECT failed_in_a_row AS failedInARow, failed_pod_settings AS failedPodSettings"
              + " FROM jupyter_pools WHERE cloud_env = :env",
      nativeQuery = true)
  java.util.Optional<PoolStreak> poolStreak(@Param("env") String cloudEnv);

  @Modifying
  @Query(
      value =
          "UPDATE jupyter_pools SET failed_in_a_row = :failed, wait_until = :until,"
              + " last_failed_at = :now, failed_pod_settings = :settings WHERE cloud_env = :env",
      nativeQuery = true)
  int recordPoolFailures(
      @Param("env") String cloudEnv,
      @Param("failed") int failed,
      @Param("until") java.time.Instant until,
      @Param("now") java.time.Instant now,
      @Param("settings") String podSettings);

  /**
   * 1 when the target's pool makes no pod at {@code now} for a replica whose pods run {@code
   * settings}: it waits, and its streak is of pods of those settings (or not known to be of
   * others).
   */
  @Query(
      value =
          "SELECT COUNT(*) FROM jupyter_pools WHERE cloud_env = :env AND wait_until > :now"
              + " AND (failed_pod_settings IS NULL OR failed_pod_settings = :settings)",
      nativeQuery = true)
  long poolWaiting(
      @Param("env") String cloudEnv,
      @Param("now") java.time.Instant now,
      @Param("settings") String podSettings);

  /**
   * The targets in a failure streak: {@code cloud_env}, whether it waits at {@code now}, whether
   * one of its pods has been ready since {@code healthySince} or earlier, having turned ready after
   * the streak's last failure, and its server answers the reaper's probes (a server ready for the
   * kubelet whose API the control plane cannot reach is what the reaper replaces), the streak's
   * length, and the pod settings it is of (null: not known). Compared in the database, as the times
   * were written.
   */
  @Query(
      value =
          "SELECT p.cloud_env, p.wait_until > :now AS waiting,"
              + " EXISTS (SELECT 1 FROM jupyter_pods j WHERE j.cloud_env = p.cloud_env"
              + " AND j.status = 'ready' AND j.ready_at <= :healthySince AND j.failed_probes = 0"
              + " AND (p.last_failed_at IS NULL OR j.ready_at > p.last_failed_at)) AS healthy,"
              + " p.failed_in_a_row, p.failed_pod_settings FROM jupyter_pools p"
              + " WHERE p.failed_in_a_row > 0",
      nativeQuery = true)
  List<Object[]> failingPools(
      @Param("now") java.time.Instant now, @Param("healthySince") java.time.Instant healthySince);

  /** The free pods of a target that failed and wait for the keeper to replace them. */
  @Query(
      value =
          "SELECT COUNT(*) FROM jupyter_pods WHERE cloud_env = :env AND consumer_id IS NULL"
              + " AND status = 'failed'",
      nativeQuery = true)
  long countFreeFailed(@Param("env") String cloudEnv);

  /**
   * Ends the target's streak if it is still as long as when it was judged healthy (a failure
   * recorded since by an overlapping pass stands). Its lock wait is bounded below the connection's
   * socket timeout, as an attach may hold the pool's row.
   */
  @Modifying
  @QueryHints(@QueryHint(name = "jakarta.persistence.query.timeout", value = "2000"))
  @Query(
      value =
          "UPDATE jupyter_pools SET failed_in_a_row = 0, wait_until = NULL,"
              + " failed_pod_settings = NULL WHERE cloud_env = :env AND failed_in_a_row = :failed",
      nativeQuery = true)
  int clearPoolFailures(@Param("env") String cloudEnv, @Param("failed") int failedInARow);

  /** Serialises the refills of one target's pool across replicas. */
  @Query(
      value = "SELECT cloud_env FROM jupyter_pools WHERE cloud_env = :env FOR UPDATE",
      nativeQuery = true)
  String lockPool(@Param("env") String cloudEnv);
}
