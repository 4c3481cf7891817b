package com.darwin.compute.core.command;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RemoteCommandRepository extends JpaRepository<RemoteCommandEntity, String> {

  /** The command, its row share-locked to the end of the transaction (a delete waits for it). */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("select c from RemoteCommandEntity c where c.executionId = :id")
  Optional<RemoteCommandEntity> findForShare(@Param("id") String executionId);

  List<RemoteCommandEntity> findByClusterIdOrderByCreatedAtAscExecutionIdAsc(String clusterId);

  List<RemoteCommandEntity> findByClusterIdInOrderByCreatedAtAscExecutionIdAsc(
      java.util.Collection<String> clusterIds);

  Optional<RemoteCommandEntity> findByClusterIdAndExecutionId(String clusterId, String executionId);

  @Query(
      nativeQuery = true,
      value =
          "SELECT DISTINCT r.cluster_id FROM remote_commands r JOIN clusters c"
              + " ON c.cluster_id = r.cluster_id WHERE c.desired_state = 'RUNNING'")
  Set<String> runningClustersWithCommands();

  /** Commands of stopped clusters not yet back to created (a plain read: no lock when none). */
  @Query(
      nativeQuery = true,
      value =
          "SELECT r.execution_id FROM remote_commands r JOIN clusters c"
              + " ON c.cluster_id = r.cluster_id WHERE c.desired_state = 'STOPPED'"
              + " AND (r.status <> 'CREATED' OR r.not_before IS NOT NULL)")
  List<String> unsettledOfStoppedClusters();

  @Query(
      nativeQuery = true,
      value =
          "SELECT r.execution_id FROM remote_commands r LEFT JOIN clusters c"
              + " ON c.cluster_id = r.cluster_id WHERE c.cluster_id IS NULL")
  List<String> ofDeletedClusters();

  /** Back to created: they run on the pods of the next start. */
  @Modifying
  @Query(
      "update RemoteCommandEntity r set r.status ="
          + " com.darwin.compute.model.command.CommandStatus.CREATED, r.notBefore = null,"
          + " r.updatedAt = :now where r.executionId in :ids")
  int resetToCreated(
      @Param("ids") java.util.Collection<String> ids, @Param("now") java.time.Instant now);

  long countByClusterId(String clusterId);

  /** The cluster's commands as committed now, locked (a locking read, not the snapshot). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select c from RemoteCommandEntity c where c.clusterId = :id")
  List<RemoteCommandEntity> findForHandover(@Param("id") String clusterId);

  @Modifying
  @Query("delete from RemoteCommandEntity r where r.executionId in :ids")
  int deleteByIds(@Param("ids") java.util.Collection<String> ids);
}
