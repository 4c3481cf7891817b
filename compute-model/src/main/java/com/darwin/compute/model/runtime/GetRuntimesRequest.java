package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /runtime/v2/get-all}: every class, or one ({@code class}), optionally one type of it
 * ({@code Created By Me}/{@code Created By Others} for CUSTOM); paging applies per type.
 */
public record GetRuntimesRequest(
    @Size(max = 255) @JsonProperty("search_query") String searchQuery,
    @Min(0) @Max(10000) @JsonProperty("offset") Integer offset,
    @Min(1) @Max(1000) @JsonProperty("page_size") Integer pageSize,
    @JsonProperty("class") RuntimeClass runtimeClass,
    @JsonProperty("type") RuntimeType type,
    @JsonProperty("is_deleted") Boolean deleted) {

  public GetRuntimesRequest {
    offset = offset == null ? 0 : offset;
    pageSize = pageSize == null ? 100 : pageSize;
    deleted = deleted != null && deleted;
    searchQuery = searchQuery == null || searchQuery.isBlank() ? null : searchQuery.strip();
  }

  /** Every class, first page, live runtimes. */
  public static GetRuntimesRequest all() {
    return new GetRuntimesRequest(null, null, null, null, null, null);
  }
}
