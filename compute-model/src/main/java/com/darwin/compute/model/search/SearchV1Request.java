package com.darwin.compute.model.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** {@code POST /search} (search v1, used by the Python SDK's {@code get_all}). */
public record SearchV1Request(
    @Size(max = 256) @JsonProperty("query") String query,
    @JsonProperty("filters") Map<String, List<Object>> filters,
    @JsonProperty("exclude_filters") Map<String, List<Object>> excludeFilters,
    @JsonProperty("sort_by") String sortBy,
    @Pattern(regexp = "(?i)asc|desc", message = "must be asc or desc") @JsonProperty("sort_order")
        String sortOrder,
    @Min(1) @Max(1000) @JsonProperty("page_size") Integer pageSize,
    @Min(0) @Max(100000) @JsonProperty("offset") Integer offset,
    @JsonProperty("is_job_cluster") Boolean isJobCluster) {

  public SearchV1Request {
    query = query == null ? "" : query;
    filters = filters == null ? Map.of() : Map.copyOf(filters);
    excludeFilters = excludeFilters == null ? Map.of() : Map.copyOf(excludeFilters);
    sortBy = sortBy == null || sortBy.isBlank() ? "created_on" : sortBy;
    sortOrder = sortOrder == null || sortOrder.isBlank() ? "desc" : sortOrder;
    pageSize = pageSize == null ? 100 : pageSize;
    offset = offset == null ? 0 : offset;
    isJobCluster = isJobCluster != null && isJobCluster;
  }
}
