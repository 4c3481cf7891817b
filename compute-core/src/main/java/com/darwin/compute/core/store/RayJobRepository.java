package com.darwin.compute.core.store;

import com.darwin.compute.model.job.JobStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RayJobRepository extends JpaRepository<RayJobEntity, Long> {

  Optional<RayJobEntity> findByClusterIdAndSubmissionId(String clusterId, String submissionId);

  List<RayJobEntity> findByClusterIdOrderByCreatedAtDescIdDesc(String clusterId);

  /** Jobs not ended yet, on every cluster: what the job follower polls. */
  List<RayJobEntity> findByStatusInOrderByClusterIdAscIdAsc(Collection<JobStatus> statuses);

  /** Jobs that ended here, never recorded at Ray, since {@code since}: Ray may take them late. */
  List<RayJobEntity> findByForwardedAtIsNullAndEndTimeGreaterThanOrderByClusterIdAscIdAsc(
      Instant since);

  List<RayJobEntity> findByClusterIdAndStatusInOrderByIdAsc(
      String clusterId, Collection<JobStatus> statuses);

  /** Deletes a cluster's jobs (the cluster is deleted): its entrypoints and messages with it. */
  @Modifying
  @Query("delete from RayJobEntity j where j.clusterId = :clusterId")
  int deleteOfCluster(@Param("clusterId") String clusterId);

  /** Deletes the job; 0 when it was gone already (a concurrent delete got there first). */
  @Modifying
  @Query("delete from RayJobEntity j where j.id = :id")
  int deleteOne(@Param("id") Long id);
}
