package com.darwin.compute.core.podexec;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface PodTaskRepository extends JpaRepository<PodTaskEntity, Long> {

  /** The tasks of these clusters without their logs, oldest first. */
  @Query(
      "select new com.darwin.compute.core.podexec.PodTaskState(t.id, t.clusterId, t.kind, t.ref,"
          + " t.podUid, t.podName, t.status, t.startedAt, t.deadline) from PodTaskEntity t"
          + " where t.clusterId in :clusterIds order by t.startedAt asc, t.id asc")
  List<PodTaskState> statesOfClusters(@Param("clusterIds") Collection<String> clusterIds);

  /** How the cluster's items of one kind ran on each pod, without the logs, by pod name. */
  @Query(
      "select new com.darwin.compute.core.podexec.PodTaskRun(t.ref, t.podName, t.status,"
          + " t.exitCode, t.startedAt, t.finishedAt) from PodTaskEntity t"
          + " where t.clusterId = :clusterId and t.kind = :kind order by t.podName asc")
  List<PodTaskRun> runsOfCluster(
      @Param("clusterId") String clusterId, @Param("kind") PodTaskKind kind);

  /** One task's log (null when it wrote nothing, or is gone). */
  @Query("select t.log from PodTaskEntity t where t.id = :id")
  String findLog(@Param("id") long id);

  List<PodTaskEntity> findByKindAndRefOrderByPodNameAsc(PodTaskKind kind, String ref);

  /** The claim: 1 when this call inserted the task, 0 when someone already has it. */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "INSERT IGNORE INTO pod_tasks"
              + " (kind, ref, pod_uid, cluster_id, pod_name, status, started_at, deadline)"
              + " VALUES (:kind, :ref, :podUid, :clusterId, :podName, 'RUNNING', :now, :deadline)")
  int claim(
      @Param("kind") String kind,
      @Param("ref") String ref,
      @Param("podUid") String podUid,
      @Param("clusterId") String clusterId,
      @Param("podName") String podName,
      @Param("now") Instant now,
      @Param("deadline") Instant deadline);

  /** The id of the task a claim inserted. */
  @Query(
      "select t.id from PodTaskEntity t where t.kind = :kind and t.ref = :ref"
          + " and t.podUid = :podUid")
  Optional<Long> findId(
      @Param("kind") PodTaskKind kind, @Param("ref") String ref, @Param("podUid") String podUid);

  @Modifying
  @Query(
      "update PodTaskEntity t set t.status = :status, t.exitCode = :exitCode, t.log = :log,"
          + " t.finishedAt = :now where t.id = :id"
          + " and t.status = com.darwin.compute.core.podexec.PodTaskStatus.RUNNING")
  int finish(
      @Param("id") long id,
      @Param("status") PodTaskStatus status,
      @Param("exitCode") Integer exitCode,
      @Param("log") String log,
      @Param("now") Instant now);

  /** What a running task wrote before contact with it was lost; its status stays. */
  @Modifying
  @Query(
      "update PodTaskEntity t set t.log = :log where t.id = :id"
          + " and t.status = com.darwin.compute.core.podexec.PodTaskStatus.RUNNING")
  int note(@Param("id") long id, @Param("log") String log);

  @Modifying
  @Query("delete from PodTaskEntity t where t.clusterId = :clusterId")
  int deleteCluster(@Param("clusterId") String clusterId);

  @Modifying
  @Query(
      "delete from PodTaskEntity t where t.kind = :kind and t.ref in :refs"
          + " and t.status <> com.darwin.compute.core.podexec.PodTaskStatus.RUNNING")
  int deleteEndedRefs(@Param("kind") PodTaskKind kind, @Param("refs") Collection<String> refs);

  /** Detaches the running tasks of removed items (see {@link PodTaskEntity#DETACHED}). */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "UPDATE pod_tasks SET ref = CONCAT('"
              + PodTaskEntity.DETACHED
              + "', id)"
              + " WHERE kind = :kind AND ref IN (:refs) AND status = 'RUNNING'")
  int detachRunning(@Param("kind") String kind, @Param("refs") Collection<String> refs);

  @Modifying
  @Query(
      "delete from PodTaskEntity t where t.kind = :kind and t.ref in :refs"
          + " and t.status = com.darwin.compute.core.podexec.PodTaskStatus.FAILED")
  int deleteFailedRefs(@Param("kind") PodTaskKind kind, @Param("refs") Collection<String> refs);

  /** Clusters with tasks of removed items (a range of the unique key's index, per kind). */
  @Query(
      nativeQuery = true,
      value =
          "SELECT DISTINCT cluster_id FROM pod_tasks WHERE kind IN ('LIBRARY', 'COMMAND')"
              + " AND ref LIKE '"
              + PodTaskEntity.DETACHED
              + "%'")
  List<String> clustersWithDetachedTasks();

  /** Clusters that still have tasks although they should not run (stopped or deleted). */
  @Query(
      nativeQuery = true,
      value =
          "SELECT DISTINCT t.cluster_id FROM pod_tasks t LEFT JOIN clusters c"
              + " ON c.cluster_id = t.cluster_id"
              + " WHERE c.cluster_id IS NULL OR c.desired_state = 'STOPPED'")
  List<String> clustersNotRunning();
}
