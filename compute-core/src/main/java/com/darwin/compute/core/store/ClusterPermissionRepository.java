package com.darwin.compute.core.store;

import com.darwin.compute.model.access.PrincipalKind;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ClusterPermissionRepository extends JpaRepository<ClusterPermissionEntity, Long> {

  List<ClusterPermissionEntity> findByClusterIdOrderByPrincipalKindAscPrincipalAsc(
      String clusterId);

  Optional<ClusterPermissionEntity> findByClusterIdAndPrincipalKindAndPrincipal(
      String clusterId, PrincipalKind kind, String principal);

  /** The shares of a deleted cluster, in one statement (in the delete's transaction). */
  @Modifying
  @Query("delete from ClusterPermissionEntity p where p.clusterId = :id")
  int deleteOfCluster(@Param("id") String clusterId);
}
