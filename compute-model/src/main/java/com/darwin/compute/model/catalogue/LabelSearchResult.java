package com.darwin.compute.model.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /cluster/label/value}: label values containing the query, one page of them. */
public record LabelSearchResult(
    @JsonProperty("query") String query,
    @JsonProperty("matches") List<String> matches,
    @JsonProperty("pagination") Pagination pagination) {

  public record Pagination(
      @JsonProperty("total_matches") long totalMatches,
      @JsonProperty("page_size") int pageSize,
      @JsonProperty("current_page") int currentPage,
      @JsonProperty("total_pages") long totalPages,
      @JsonProperty("has_next") boolean hasNext,
      @JsonProperty("has_previous") boolean hasPrevious) {}
}
