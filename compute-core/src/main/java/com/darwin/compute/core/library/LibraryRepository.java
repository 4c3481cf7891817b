package com.darwin.compute.core.library;

import com.darwin.compute.model.library.LibraryStatus;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface LibraryRepository extends JpaRepository<LibraryEntity, Long> {

  /**
   * The library, its row share-locked to the end of the transaction (an uninstall waits for it).
   */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("select l from LibraryEntity l where l.id = :id")
  Optional<LibraryEntity> findForShare(@Param("id") long id);

  Optional<LibraryEntity> findByClusterIdAndRequestKey(String clusterId, String requestKey);

  Optional<LibraryEntity> findByClusterIdAndId(String clusterId, Long id);

  List<LibraryEntity> findByClusterIdOrderByIdAsc(String clusterId);

  List<LibraryEntity> findByClusterIdInOrderByIdAsc(Collection<String> clusterIds);

  List<LibraryEntity> findByClusterIdAndIdIn(String clusterId, Collection<Long> ids);

  /**
   * Name, or a file's path, containing the key (a literal: LIKE wildcards in it are escaped). Not
   * an index URL's: it may carry credentials, shown masked, which a key matched against the stored
   * URL would give away a character at a time.
   */
  @Query(
      "select l from LibraryEntity l where l.clusterId = :clusterId and (:key = ''"
          + " or lower(l.name) like concat('%', :key, '%') escape '!'"
          + " or (l.source in (com.darwin.compute.model.library.LibrarySource.S3,"
          + " com.darwin.compute.model.library.LibrarySource.WORKSPACE)"
          + " and lower(coalesce(l.path, '')) like concat('%', :key, '%') escape '!'))")
  Page<LibraryEntity> search(
      @Param("clusterId") String clusterId, @Param("key") String key, Pageable page);

  @Query(
      nativeQuery = true,
      value =
          "SELECT DISTINCT l.cluster_id FROM cluster_libraries l JOIN clusters c"
              + " ON c.cluster_id = l.cluster_id WHERE c.desired_state = 'RUNNING'")
  Set<String> runningClustersWithLibraries();

  /**
   * Libraries of stopped (or deleted) clusters that still need settling: to go back to created, or
   * to be purged (uninstalled). A plain read, so the runner takes no lock when there is nothing to
   * do (the usual case).
   */
  @Query(
      nativeQuery = true,
      value =
          "SELECT l.id FROM cluster_libraries l LEFT JOIN clusters c ON c.cluster_id = l.cluster_id"
              + " WHERE (c.cluster_id IS NULL OR c.desired_state = 'STOPPED')"
              + " AND l.status IN ('RUNNING','SUCCESS','FAILED','UNINSTALL_PENDING')")
  List<Long> unsettledOfStoppedClusters();

  @Query(
      nativeQuery = true,
      value =
          "SELECT l.id FROM cluster_libraries l LEFT JOIN clusters c ON c.cluster_id = l.cluster_id"
              + " WHERE c.cluster_id IS NULL")
  List<Long> ofDeletedClusters();

  /** Back to created: installed at the next start. */
  @Modifying
  @Query(
      "update LibraryEntity l set l.status = com.darwin.compute.model.library.LibraryStatus.CREATED,"
          + " l.updatedAt = :now, l.rowVersion = l.rowVersion + 1 where l.id in :ids and l.status <>"
          + " com.darwin.compute.model.library.LibraryStatus.UNINSTALL_PENDING")
  int resetToCreated(@Param("ids") Collection<Long> ids, @Param("now") java.time.Instant now);

  /**
   * A status the pods report, written only if the row is still the version the settle read: an
   * uninstall or a retry committed since then stays, and the next pass judges the library again. 0
   * when the row changed (or is gone).
   */
  @Modifying
  @Query(
      "update LibraryEntity l set l.status = :status, l.updatedAt = :now,"
          + " l.rowVersion = l.rowVersion + 1 where l.id = :id and l.rowVersion = :seen")
  int settle(
      @Param("id") long id,
      @Param("seen") long seenVersion,
      @Param("status") LibraryStatus status,
      @Param("now") java.time.Instant now);

  /** Deletes the library if it is still the version read; 0 when it changed (or is gone). */
  @Modifying
  @Query("delete from LibraryEntity l where l.id = :id and l.rowVersion = :seen")
  int deleteUnchanged(@Param("id") long id, @Param("seen") long seenVersion);

  @Modifying
  @Query(
      "delete from LibraryEntity l where l.id in :ids and l.status ="
          + " com.darwin.compute.model.library.LibraryStatus.UNINSTALL_PENDING")
  int purgeUninstalled(@Param("ids") Collection<Long> ids);

  @Modifying
  @Query("delete from LibraryEntity l where l.id in :ids")
  int deleteByIds(@Param("ids") Collection<Long> ids);

  long countByClusterIdAndStatus(String clusterId, LibraryStatus status);
}
