package com.darwin.compute.core.library;

import com.darwin.compute.model.library.LibraryStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface LibraryRepository extends JpaRepository<LibraryEntity, Long> {

  Optional<LibraryEntity> findByClusterIdAndRequestKey(String clusterId, String requestKey);

  Optional<LibraryEntity> findByClusterIdAndId(String clusterId, Long id);

  List<LibraryEntity> findByClusterIdOrderByIdAsc(String clusterId);

  List<LibraryEntity> findByClusterIdAndIdIn(String clusterId, Collection<Long> ids);

  /** Name or path containing the key (a literal: LIKE wildcards in it are escaped). */
  @Query(
      "select l from LibraryEntity l where l.clusterId = :clusterId and (:key = ''"
          + " or lower(l.name) like concat('%', :key, '%') escape '!'"
          + " or lower(coalesce(l.path, '')) like concat('%', :key, '%') escape '!')")
  Page<LibraryEntity> search(
      @Param("clusterId") String clusterId, @Param("key") String key, Pageable page);

  @Query(
      nativeQuery = true,
      value =
          "SELECT DISTINCT l.cluster_id FROM cluster_libraries l JOIN clusters c"
              + " ON c.cluster_id = l.cluster_id WHERE c.desired_state = 'RUNNING'")
  Set<String> runningClustersWithLibraries();

  /** Libraries of stopped clusters go back to created: they are installed at the next start. */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "UPDATE cluster_libraries l JOIN clusters c ON c.cluster_id = l.cluster_id"
              + " SET l.status = 'CREATED', l.updated_at = CURRENT_TIMESTAMP(3)"
              + " WHERE c.desired_state = 'STOPPED'"
              + " AND l.status IN ('RUNNING','SUCCESS','FAILED')")
  int resetStopped();

  /** Uninstalled libraries of stopped clusters are gone for good. */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "DELETE l FROM cluster_libraries l JOIN clusters c ON c.cluster_id = l.cluster_id"
              + " WHERE c.desired_state = 'STOPPED' AND l.status = 'UNINSTALL_PENDING'")
  int purgeStopped();

  /** Libraries of deleted clusters. */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          "DELETE l FROM cluster_libraries l LEFT JOIN clusters c ON c.cluster_id = l.cluster_id"
              + " WHERE c.cluster_id IS NULL")
  int purgeDeletedClusters();

  long countByClusterIdAndStatus(String clusterId, LibraryStatus status);
}
