package com.darwin.compute.core.jupyter;

import com.darwin.compute.model.jupyter.JupyterPodStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JupyterPodRepository extends JpaRepository<JupyterPodEntity, String> {

  Optional<JupyterPodEntity> findByConsumerId(String consumerId);

  List<JupyterPodEntity> findByStatusInOrderByCreatedAtAscNameAsc(
      Collection<JupyterPodStatus> statuses);

  /**
   * Locks the oldest free pod of a target in one status for this transaction, reading the pool
   * index in order so only that row is locked; rows locked by another attach are skipped, so two
   * concurrent attaches never take the same pod.
   */
  @Query(
      value =
          "SELECT name FROM jupyter_pods WHERE cloud_env = :env AND status = :status"
              + " AND consumer_id IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
      nativeQuery = true)
  Optional<String> lockOldestFree(@Param("env") String cloudEnv, @Param("status") String status);

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

  /** Serialises the refills of one target's pool across replicas. */
  @Query(
      value = "SELECT cloud_env FROM jupyter_pools WHERE cloud_env = :env FOR UPDATE",
      nativeQuery = true)
  String lockPool(@Param("env") String cloudEnv);
}
