package com.darwin.compute.core.store;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ClusterConfigRepository extends JpaRepository<ClusterConfigEntity, String> {}
