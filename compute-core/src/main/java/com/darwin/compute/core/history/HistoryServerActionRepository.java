package com.darwin.compute.core.history;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface HistoryServerActionRepository
    extends JpaRepository<HistoryServerActionEntity, Long> {

  List<HistoryServerActionEntity> findByServerIdOrderByIdAsc(String serverId);

  List<HistoryServerActionEntity> findByServerIdAndAction(
      String serverId, HistoryServerEvent action);

  void deleteByServerId(String serverId);
}
