package com.darwin.compute.core.store;

import com.darwin.compute.model.access.PrincipalKind;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClusterPermissionRepository extends JpaRepository<ClusterPermissionEntity, Long> {

  List<ClusterPermissionEntity> findByClusterIdOrderByPrincipalKindAscPrincipalAsc(
      String clusterId);

  Optional<ClusterPermissionEntity> findByClusterIdAndPrincipalKindAndPrincipal(
      String clusterId, PrincipalKind kind, String principal);

  void deleteByClusterId(String clusterId);
}
