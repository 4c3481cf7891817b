package com.darwin.compute.core.store;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ClusterRepository extends JpaRepository<ClusterEntity, String> {

  boolean existsByName(String name);

  boolean existsByNameAndClusterIdNot(String name, String clusterId);

  List<ClusterEntity> findByClusterIdIn(Collection<String> clusterIds);

  /** Ids the reconciler must look at on a resync: wanted running, or not yet seen stopped. */
  @Query(
      "select c.clusterId from ClusterEntity c where c.desiredState = "
          + "com.darwin.compute.core.store.DesiredState.RUNNING "
          + "or c.status <> com.darwin.compute.model.cluster.ClusterStatus.INACTIVE")
  List<String> findIdsNeedingReconcile();

  @Query("select c.clusterId from ClusterEntity c")
  List<String> findAllIds();
}
