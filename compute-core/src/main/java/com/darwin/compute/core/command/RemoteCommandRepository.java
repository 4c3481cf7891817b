package com.darwin.compute.core.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RemoteCommandRepository extends JpaRepository<RemoteCommandEntity, String> {

  List<RemoteCommandEntity> findByClusterIdOrderByCreatedAtAscExecutionIdAsc(String clusterId);

  Optional<RemoteCommandEntity> findByClusterIdAndExecutionId(String clusterId, String executionId);

  @Query(
      nativeQuery = true,
      value =
          "SELECT DISTINCT r.cluster_id FROM remote_commands r JOIN clusters c"
              + " ON c.cluster_id = r.cluster_id WHERE c.desired_state = 'RUNNING'")
  Set<String> runningClustersWithCommands();

  /** Commands of stopped clusters run again on the pods of the next start. */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "UPDATE remote_commands r JOIN clusters c ON c.cluster_id = r.cluster_id"
              + " SET r.status = 'CREATED', r.not_before = NULL, r.updated_at = CURRENT_TIMESTAMP(3)"
              + " WHERE c.desired_state = 'STOPPED'"
              + " AND (r.status <> 'CREATED' OR r.not_before IS NOT NULL)")
  int resetStopped();

  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "DELETE r FROM remote_commands r LEFT JOIN clusters c ON c.cluster_id = r.cluster_id"
              + " WHERE c.cluster_id IS NULL")
  int purgeDeletedClusters();
}
