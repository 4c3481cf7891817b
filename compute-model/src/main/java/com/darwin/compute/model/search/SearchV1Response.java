package com.darwin.compute.model.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /search} answers without the usual envelope (as the Python service did); {@code
 * status} is still present so SDK code that checks it keeps working.
 */
public record SearchV1Response(
    @JsonProperty("status") String status,
    @JsonProperty("result_size") long resultSize,
    @JsonProperty("page_size") int pageSize,
    @JsonProperty("offset") int offset,
    @JsonProperty("data") List<SearchV1Hit> data) {}
