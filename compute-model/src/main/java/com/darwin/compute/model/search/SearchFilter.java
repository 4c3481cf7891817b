package com.darwin.compute.model.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One filter of {@code POST /cluster/search}: match any of {@code values}, or with {@code
 * select_all} match values containing {@code query}; {@code exclude} turns it into "none of".
 */
public record SearchFilter(
    @JsonProperty("select_all") Boolean selectAll,
    @JsonProperty("values") List<Object> values,
    @JsonProperty("query") String query,
    @JsonProperty("exclude") Boolean exclude) {

  public SearchFilter {
    selectAll = selectAll != null && selectAll;
    values = values == null ? List.of() : List.copyOf(values);
    query = query == null ? "" : query;
    exclude = exclude != null && exclude;
  }
}
