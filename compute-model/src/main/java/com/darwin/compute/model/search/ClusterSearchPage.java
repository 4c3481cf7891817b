package com.darwin.compute.model.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code data} of {@code POST /cluster/search}. */
public record ClusterSearchPage(
    @JsonProperty("pagination") Pagination pagination,
    @JsonProperty("body") List<ClusterSearchHit> body) {

  public record Pagination(
      @JsonProperty("total_matches") long totalMatches,
      @JsonProperty("page_size") int pageSize,
      @JsonProperty("offset") int offset) {}
}
