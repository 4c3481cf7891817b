package com.darwin.compute.core.jupyter;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JupyterPodEventRepository extends JpaRepository<JupyterPodEventEntity, Long> {

  List<JupyterPodEventEntity> findByPodNameOrderByIdAsc(String podName);
}
