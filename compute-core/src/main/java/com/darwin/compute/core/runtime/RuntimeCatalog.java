package com.darwin.compute.core.runtime;

import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.store.DefaultRuntimeRepository;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import com.darwin.compute.model.runtime.GetRuntimesRequest;
import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeSummary;
import com.darwin.compute.model.runtime.RuntimeType;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimesByClass;
import com.darwin.compute.model.runtime.RuntimesByType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The Ray runtimes clusters can run, as the two listings show them. */
@Service
public class RuntimeCatalog {

  private static final List<RuntimeType> CONTENT_TYPES =
      List.of(RuntimeType.RAY_ONLY, RuntimeType.RAY_AND_SPARK, RuntimeType.OTHERS);
  private static final List<RuntimeType> CREATOR_TYPES =
      List.of(RuntimeType.CREATED_BY_ME, RuntimeType.CREATED_BY_OTHERS);

  private final RuntimeRepository runtimes;
  private final DefaultRuntimeRepository defaults;

  public RuntimeCatalog(RuntimeRepository runtimes, DefaultRuntimeRepository defaults) {
    this.runtimes = runtimes;
    this.defaults = defaults;
  }

  /**
   * {@code GET /get-runtimes}: runtimes grouped by class ({@code cpu}, {@code gpu}, {@code
   * custom}).
   */
  @Transactional(readOnly = true)
  public Map<String, List<RuntimeSummary>> byClass() {
    Map<String, List<RuntimeSummary>> grouped = new LinkedHashMap<>();
    for (String c : List.of("cpu", "gpu", "custom")) {
      grouped.put(c, new ArrayList<>());
    }
    for (RuntimeEntity r : runtimes.findByDeletedFalseOrderByIdAsc()) {
      grouped
          .computeIfAbsent(r.getRuntimeClass().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(
              new RuntimeSummary(
                  r.getRuntime(), r.getCreatedBy(), r.getImage(), r.getRayVersion()));
    }
    return grouped;
  }

  /**
   * {@code POST /runtime/v2/get-all}: per class its default (CPU and GPU), its total, and a page of
   * each type; custom runtimes are split into the caller's and everyone else's.
   */
  @Transactional(readOnly = true)
  public List<RuntimesByClass> byClassAndType(GetRuntimesRequest request, String user) {
    // The request strips the text already: what is left is checked as all text is.
    TextRules.requireOneLine("search_query", request.searchQuery());
    RuntimeType type = request.type();
    if (type != null) {
      if (request.runtimeClass() == null) {
        throw new InvalidRequestException(
            "type", "Invalid Input. Specify the class first and then the type");
      }
      if (request.runtimeClass() == RuntimeClass.CUSTOM && type.describesContents()) {
        throw new InvalidRequestException(
            "type",
            "Incorrect Type for CUSTOM class. Must be 'Created By Me' or 'Created By Others'");
      }
      if (request.runtimeClass() != RuntimeClass.CUSTOM && !type.describesContents()) {
        throw new InvalidRequestException(
            "type",
            "Incorrect Type for CPU and GPU class. Must be 'Ray Only', 'Ray and Spark' or"
                + " 'Others'");
      }
    }
    List<RuntimeClass> classes =
        request.runtimeClass() == null
            ? List.of(RuntimeClass.values())
            : List.of(request.runtimeClass());
    Pageable page = PageRequest.of(0, request.offset() + request.pageSize());
    List<RuntimesByClass> result = new ArrayList<>();
    for (RuntimeClass c : classes) {
      boolean custom = c == RuntimeClass.CUSTOM;
      List<RuntimesByType> byType = new ArrayList<>();
      for (RuntimeType t : custom ? CREATOR_TYPES : CONTENT_TYPES) {
        if (type != null && type != t) {
          continue;
        }
        String typeName = custom ? null : t.wireName();
        String createdBy = custom ? user : null;
        boolean mine = t == RuntimeType.CREATED_BY_ME;
        List<RuntimeV2Details> list =
            runtimes
                .page(
                    c.name(),
                    typeName,
                    createdBy,
                    mine,
                    request.searchQuery(),
                    request.deleted(),
                    page)
                .stream()
                .skip(request.offset())
                .map(RuntimeRegistry::details)
                .toList();
        long count =
            runtimes.count(
                c.name(), typeName, createdBy, mine, request.searchQuery(), request.deleted());
        byType.add(new RuntimesByType(t, count, list));
      }
      RuntimeV2Details defaultRuntime =
          custom
              ? null
              : defaults
                  .findById(c.name())
                  .flatMap(
                      d ->
                          d.getRuntimeId() == null
                              ? Optional.empty()
                              : runtimes.findById(d.getRuntimeId()))
                  .map(RuntimeRegistry::details)
                  .orElse(null);
      long total =
          runtimes.count(c.name(), null, null, false, request.searchQuery(), request.deleted());
      result.add(new RuntimesByClass(c, defaultRuntime, total, byType));
    }
    return result;
  }
}
