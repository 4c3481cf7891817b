package com.darwin.compute.core.store;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClusterActionRepository extends JpaRepository<ClusterActionEntity, Long> {

  List<ClusterActionEntity> findByClusterIdOrderByIdAsc(String clusterId);

  List<ClusterActionEntity> findByRunIdOrderByIdAsc(String runId);
}
