package com.darwin.compute.core.store;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RuntimeRepository extends JpaRepository<RuntimeEntity, Long> {

  Optional<RuntimeEntity> findByRuntimeAndDeletedFalse(String runtime);

  List<RuntimeEntity> findByDeletedFalseOrderByIdAsc();
}
