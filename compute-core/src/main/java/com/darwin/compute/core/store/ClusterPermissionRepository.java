package com.darwin.compute.core.store;

import com.darwin.compute.model.access.PrincipalKind;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterPermissionRepository extends JpaRepository<ClusterPermissionEntity, Long> {

  List<ClusterPermissionEntity> findByClusterIdOrderByPrincipalKindAscPrincipalAsc(
      String clusterId);

  /**
   * The shares of a cluster as last committed, not as the transaction's snapshot has them (MySQL's
   * repeatable read would show an edit the shares from before a share it waited for).
   */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query(
      "select p from ClusterPermissionEntity p where p.clusterId = :id"
          + " order by p.principalKind, p.principal")
  List<ClusterPermissionEntity> findCommitted(@Param("id") String clusterId);

  Optional<ClusterPermissionEntity> findByClusterIdAndPrincipalKindAndPrincipal(
      String clusterId, PrincipalKind kind, String principal);

  /** The shares of a deleted cluster, in one statement (in the delete's transaction). */
  @Modifying
  @Query("delete from ClusterPermissionEntity p where p.clusterId = :id")
  int deleteOfCluster(@Param("id") String clusterId);
}
