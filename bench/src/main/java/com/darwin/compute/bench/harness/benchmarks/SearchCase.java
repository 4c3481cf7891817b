package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.harness.fixtures.SearchCorpus;
import com.darwin.compute.core.search.ClusterSearchService;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One search of B3, written twice from the same parameters: as the API request, and as the
 * Elasticsearch query {@code ClusterSearchService} builds for it (filters as {@code terms} on the
 * mapped fields, the implicit {@code is_job_cluster: false}, text as a prefix of the name's
 * lowercased suffixes ({@code name_suffixes}), the sort plus {@code cluster_id} as tie-breaker,
 * totals exact up to 10,000, only the fields a hit shows). The harness checks that both return the
 * same page before timing them.
 *
 * @param label e.g. {@code filters + sort}
 * @param apiBody {@code POST /cluster/search}
 * @param elasticsearchBody {@code POST /<index>/_search}, the query the service sends
 * @param beforeBody the query the service sent before issue 21 for the same request (all of {@code
 *     _source} but the spec, exact totals), run on an index with the mapping of that time to show
 *     what the query and mapping changes saved Elasticsearch
 */
record SearchCase(String label, String apiBody, String elasticsearchBody, String beforeBody) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int PAGE = 20;

  /** Two filters (UI status, runtime) and a sort on a date: the UI's list view. */
  static SearchCase filtersAndSort() {
    ObjectNode api = JSON.createObjectNode();
    ObjectNode filters = api.putObject("filters");
    filters.putObject("status").putArray("values").add("active");
    filters.putObject("runtime").putArray("values").add("0.0");
    api.put("sort_by", "last_used_on").put("sort_order", "desc");
    api.put("page_size", PAGE).put("offset", 0);

    ObjectNode bool = JSON.createObjectNode();
    ArrayNode filter = bool.putArray("filter");
    filter.add(terms("ui_status", "active"));
    filter.add(terms("runtime", "0.0"));
    filter.add(notJobClusters());
    return new SearchCase(
        "filters + sort",
        JSON.writeValueAsString(api),
        JSON.writeValueAsString(query(bool, "last_used_on", "desc")),
        JSON.writeValueAsString(beforeQuery(bool, "last_used_on", "desc")));
  }

  /** Name contains a text, among 20 owners, excluding stopped clusters, oldest first. */
  static SearchCase textFiltersAndSort() {
    List<String> users =
        java.util.stream.IntStream.range(0, 20).mapToObj(SearchCorpus::user).toList();
    String text = SearchCorpus.NAME_WORDS.get(0);

    ObjectNode api = JSON.createObjectNode();
    api.put("query", text);
    ObjectNode filters = api.putObject("filters");
    ArrayNode owners = filters.putObject("user").putArray("values");
    users.forEach(owners::add);
    ObjectNode status = filters.putObject("status");
    status.putArray("values").add("inactive");
    status.put("exclude", true);
    api.put("sort_by", "created_on").put("sort_order", "asc");
    api.put("page_size", PAGE).put("offset", 0);

    ObjectNode bool = JSON.createObjectNode();
    ArrayNode must = bool.putArray("must");
    ArrayNode filter = bool.putArray("filter");
    ObjectNode userTerms = filter.addObject().putObject("terms");
    ArrayNode userValues = userTerms.putArray("user");
    users.forEach(userValues::add);
    filter.add(notJobClusters());
    bool.putArray("must_not").add(terms("ui_status", "inactive"));
    // The name's "contains": a prefix of one of its lowercased suffixes now, a case-insensitive
    // *text* wildcard on the name before.
    ObjectNode before = bool.deepCopy();
    must.addObject().putObject("prefix").putObject("name_suffixes").put("value", text);
    ((ArrayNode) before.get("must"))
        .addObject()
        .putObject("wildcard")
        .putObject("name")
        .put("value", "*" + text + "*")
        .put("case_insensitive", true);
    return new SearchCase(
        "text + filters + sort",
        JSON.writeValueAsString(api),
        JSON.writeValueAsString(query(bool, "created_on", "asc")),
        JSON.writeValueAsString(beforeQuery(before, "created_on", "asc")));
  }

  /** The query as {@code ClusterSearchService} sends it now. */
  private static ObjectNode query(ObjectNode bool, String sortField, String order) {
    ObjectNode search = JSON.createObjectNode();
    search.put("from", 0);
    search.putObject("query").set("bool", bool);
    search.put("size", PAGE);
    ArrayNode sort = search.putArray("sort");
    sort.addObject().putObject(sortField).put("order", order);
    sort.addObject().putObject("cluster_id").put("order", "asc");
    search.put("track_total_hits", ClusterSearchService.TOTAL_HITS_TRACKED);
    ArrayNode includes = search.putObject("_source").putArray("includes");
    ClusterSearchService.HIT_FIELDS.forEach(includes::add);
    return search;
  }

  /** The query as {@code ClusterSearchService} sent it before issue 21. */
  private static ObjectNode beforeQuery(ObjectNode bool, String sortField, String order) {
    ObjectNode search = JSON.createObjectNode();
    search.put("from", 0);
    search.putObject("query").set("bool", bool);
    search.put("size", PAGE);
    ArrayNode sort = search.putArray("sort");
    sort.addObject().putObject(sortField).put("order", order);
    sort.addObject().putObject("cluster_id").put("order", "asc");
    search.put("track_total_hits", true);
    search.putObject("_source").putArray("excludes").add(ClusterSearchService.EXCLUDED_FROM_HITS);
    return search;
  }

  private static ObjectNode terms(String field, String value) {
    ObjectNode terms = JSON.createObjectNode();
    terms.putObject("terms").putArray(field).add(value);
    return terms;
  }

  private static ObjectNode notJobClusters() {
    ObjectNode terms = JSON.createObjectNode();
    terms.putObject("terms").putArray("is_job_cluster").add(false);
    return terms;
  }
}
