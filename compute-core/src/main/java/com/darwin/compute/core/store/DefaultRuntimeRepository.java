package com.darwin.compute.core.store;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DefaultRuntimeRepository extends JpaRepository<DefaultRuntimeEntity, String> {

  List<DefaultRuntimeEntity> findByRuntimeId(Long runtimeId);
}
