package com.darwin.compute.core.store;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RuntimeRepository extends JpaRepository<RuntimeEntity, Long> {

  Optional<RuntimeEntity> findByRuntimeAndDeletedFalse(String runtime);

  /** Deleted or not: a stopped cluster may still run a runtime deleted since. */
  Optional<RuntimeEntity> findByRuntime(String runtime);

  Optional<RuntimeEntity> findByImage(String image);

  List<RuntimeEntity> findByDeletedFalseOrderByIdAsc();

  List<RuntimeEntity> findByFromCatalogueTrue();

  /** The running clusters on a runtime (at most a few, for the message of a refused delete). */
  @Query(
      """
      select c.clusterId from ClusterEntity c
      where c.runtime = :runtime
        and c.desiredState = com.darwin.compute.core.store.DesiredState.RUNNING
      order by c.clusterId
      """)
  List<String> runningClustersOn(@Param("runtime") String runtime, Pageable page);

  /**
   * One page of a class (and type, or creator for custom runtimes), newest change first. {@code
   * query} is matched as a literal substring of the name or the image (bound, never spliced).
   */
  @Query(
      """
      select r from RuntimeEntity r
      where r.runtimeClass = :runtimeClass and r.deleted = :deleted
        and (:runtimeType is null or r.runtimeType = :runtimeType)
        and (:createdBy is null
             or (:mine = true and r.createdBy = :createdBy)
             or (:mine = false and r.createdBy <> :createdBy))
        and (:query is null
             or locate(:query, r.runtime) > 0 or locate(:query, r.image) > 0)
      order by r.lastUpdatedAt desc, r.id desc
      """)
  List<RuntimeEntity> page(
      @Param("runtimeClass") String runtimeClass,
      @Param("runtimeType") String runtimeType,
      @Param("createdBy") String createdBy,
      @Param("mine") boolean mine,
      @Param("query") String query,
      @Param("deleted") boolean deleted,
      Pageable page);

  @Query(
      """
      select count(r) from RuntimeEntity r
      where r.runtimeClass = :runtimeClass and r.deleted = :deleted
        and (:runtimeType is null or r.runtimeType = :runtimeType)
        and (:createdBy is null
             or (:mine = true and r.createdBy = :createdBy)
             or (:mine = false and r.createdBy <> :createdBy))
        and (:query is null
             or locate(:query, r.runtime) > 0 or locate(:query, r.image) > 0)
      """)
  long count(
      @Param("runtimeClass") String runtimeClass,
      @Param("runtimeType") String runtimeType,
      @Param("createdBy") String createdBy,
      @Param("mine") boolean mine,
      @Param("query") String query,
      @Param("deleted") boolean deleted);
}
