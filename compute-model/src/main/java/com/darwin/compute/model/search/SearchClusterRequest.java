package com.darwin.compute.model.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** {@code POST /cluster/search} (search v2). Paging and sort have defaults here. */
public record SearchClusterRequest(
    @Size(max = 256) @JsonProperty("query") String query,
    @JsonProperty("filters") Map<String, SearchFilter> filters,
    @JsonProperty("sort_by") String sortBy,
    @Pattern(regexp = "(?i)asc|desc", message = "must be asc or desc") @JsonProperty("sort_order")
        String sortOrder,
    @Min(1) @Max(1000) @JsonProperty("page_size") Integer pageSize,
    @Min(0) @Max(100000) @JsonProperty("offset") Integer offset) {

  public SearchClusterRequest {
    query = query == null ? "" : query;
    filters = filters == null ? Map.of() : Map.copyOf(filters);
    sortBy = sortBy == null || sortBy.isBlank() ? "created_on" : sortBy;
    sortOrder = sortOrder == null || sortOrder.isBlank() ? "desc" : sortOrder;
    pageSize = pageSize == null ? 10 : pageSize;
    offset = offset == null ? 0 : offset;
  }
}
