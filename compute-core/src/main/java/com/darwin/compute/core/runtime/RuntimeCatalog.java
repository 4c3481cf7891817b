package com.darwin.compute.core.runtime;

import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import com.darwin.compute.model.runtime.RuntimeSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The Ray runtimes clusters can run. */
@Service
public class RuntimeCatalog {

  private final RuntimeRepository runtimes;

  public RuntimeCatalog(RuntimeRepository runtimes) {
    this.runtimes = runtimes;
  }

  /**
   * {@code GET /get-runtimes}: runtimes grouped by class ({@code cpu}, {@code gpu}, {@code
   * custom}).
   */
  @Transactional(readOnly = true)
  public Map<String, List<RuntimeSummary>> byClass() {
    Map<String, List<RuntimeSummary>> grouped = new LinkedHashMap<>();
    for (String c : List.of("cpu", "gpu", "custom")) {
      grouped.put(c, new java.util.ArrayList<>());
    }
    for (RuntimeEntity r : runtimes.findByDeletedFalseOrderByIdAsc()) {
      grouped
          .computeIfAbsent(
              r.getRuntimeClass().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
          .add(
              new RuntimeSummary(
                  r.getRuntime(), r.getCreatedBy(), r.getImage(), r.getRayVersion()));
    }
    return grouped;
  }
}
