package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.search.SearchFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Cluster search over the Elasticsearch index. Field names and sort keys are allow-listed: a user
 * string never becomes a field path or a script.
 */
@Service
public class ClusterSearchService {

  /** Filter names accepted from clients, and the index field each one targets. */
  static final Map<String, String> FILTER_FIELDS =
      Map.ofEntries(
          Map.entry("user", "user"),
          Map.entry("status", "ui_status"),
          Map.entry("runtime", "runtime"),
          Map.entry("cloud_env", "cloud_env"),
          Map.entry("labels", "labels_flat"),
          Map.entry("tags", "tags"),
          Map.entry("name", "name"),
          Map.entry("is_job_cluster", "is_job_cluster"),
          Map.entry("cluster_id", "cluster_id"));

  static final Map<String, String> SORT_FIELDS =
      Map.of(
          "created_on", "created_on",
          "last_used_on", "last_used_on",
          "last_updated_on", "last_updated_on",
          "name", "name",
          "user", "user",
          "status", "status",
          "runtime", "runtime",
          "cloud_env", "cloud_env");

  /** Elasticsearch's {@code index.max_result_window}: {@code offset + page_size} beyond it fail. */
  static final int MAX_RESULT_WINDOW = 10_000;

  /** Values one filter may list (Elasticsearch refuses more than 65,536 terms). */
  static final int MAX_FILTER_VALUES = 1_000;

  /** Longest filter value or filter query; the keyword fields ignore longer values anyway. */
  static final int MAX_FILTER_TEXT = 256;

  /** Stored in each document, left out of search hits. */
  public static final String EXCLUDED_FROM_HITS = "spec";

  /**
   * The only fields a hit is shown from (both search endpoints' rows): Elasticsearch sends, and the
   * client parses, nothing else.
   */
  public static final List<String> HIT_FIELDS =
      List.of(
          "cluster_id",
          "name",
          "ui_status",
          "runtime",
          "tags",
          "labels",
          "total_cores",
          "total_memory",
          "estimated_cost",
          "user",
          "created_on",
          "last_used_on",
          "cloud_env",
          "active_pods");

  /**
   * Matches are counted exactly up to {@link #MAX_RESULT_WINDOW} (every page that can be asked
   * for), then reported as that many, as the Python service's default Elasticsearch query did:
   * counting further would make Elasticsearch visit every match of a broad search.
   */
  public static final int TOTAL_HITS_TRACKED = MAX_RESULT_WINDOW;

  private final SearchIndex index;

  public ClusterSearchService(SearchIndex index) {
    this.index = index;
  }

  /** A page of matching cluster documents, and the total number of matches. */
  public record Page(long total, List<Map<String, Object>> documents) {}

  /** Search v2: {@code filters} of {@link SearchFilter}s. */
  public Page search(
      String text,
      Map<String, SearchFilter> filters,
      String sortBy,
      String sortOrder,
      int pageSize,
      int offset) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (!text.isBlank()) {
      bool.must(containing("name", text));
    }
    boolean jobFilterGiven = false;
    for (Map.Entry<String, SearchFilter> entry : filters.entrySet()) {
      String field = filterField(entry.getKey());
      jobFilterGiven |= "is_job_cluster".equals(field);
      SearchFilter filter =
          entry.getValue() == null ? new SearchFilter(null, null, null, null) : entry.getValue();
      Query query;
      if (!filter.selectAll()) {
        if (filter.values().isEmpty()) {
          continue;
        }
        query = terms(field, expand(entry.getKey(), checked(entry.getKey(), filter.values())));
      } else if (!filter.query().isBlank()) {
        checkText("filters." + entry.getKey() + ".query", filter.query());
        query = containing(field, filter.query());
      } else {
        continue;
      }
      if (filter.exclude()) {
        bool.mustNot(query);
      } else {
        bool.filter(query);
      }
    }
    if (!jobFilterGiven) {
      bool.filter(terms("is_job_cluster", List.of(false)));
    }
    return run(bool.build(), sortBy, sortOrder, pageSize, offset);
  }

  /** Search v1: {@code filters}/{@code exclude_filters} as lists of values per field. */
  public Page searchV1(
      String text,
      Map<String, List<Object>> filters,
      Map<String, List<Object>> excludeFilters,
      boolean jobClusters,
      String sortBy,
      String sortOrder,
      int pageSize,
      int offset) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (!text.isBlank()) {
      bool.must(
          Query.of(
              q ->
                  q.bool(
                      b ->
                          b.should(containing("name", text))
                              .should(containing("tags", text))
                              .minimumShouldMatch("1"))));
    }
    filters.forEach(
        (name, values) -> {
          if (values != null && !values.isEmpty() && !"is_job_cluster".equals(name)) {
            bool.filter(terms(filterField(name), expand(name, checked(name, values))));
          }
        });
    excludeFilters.forEach(
        (name, values) -> {
          if (values != null && !values.isEmpty()) {
            bool.mustNot(terms(filterField(name), expand(name, checked(name, values))));
          }
        });
    bool.filter(terms("is_job_cluster", List.of(jobClusters)));
    return run(bool.build(), sortBy, sortOrder, pageSize, offset);
  }

  private Page run(BoolQuery query, String sortBy, String sortOrder, int pageSize, int offset) {
    if ((long) offset + pageSize > MAX_RESULT_WINDOW) {
      throw new InvalidRequestException(
          "offset",
          "offset + page_size must be at most "
              + MAX_RESULT_WINDOW
              + "; narrow the search instead");
    }
    String sortField = SORT_FIELDS.get(sortBy);
    if (sortField == null) {
      throw new InvalidRequestException(
          "sort_by", "must be one of " + new TreeSet<>(SORT_FIELDS.keySet()));
    }
    SortOrder order = "asc".equalsIgnoreCase(sortOrder) ? SortOrder.Asc : SortOrder.Desc;
    try {
      index.ensureExists();
      @SuppressWarnings({"unchecked", "rawtypes"})
      SearchResponse<Map<String, Object>> response =
          index
              .client()
              .search(
                  s ->
                      s.index(index.name())
                          .query(q -> q.bool(query))
                          // A hit is shown from its summary fields only.
                          .source(src -> src.filter(f -> f.includes(HIT_FIELDS)))
                          .sort(so -> so.field(f -> f.field(sortField).order(order)))
                          .sort(so -> so.field(f -> f.field("cluster_id").order(SortOrder.Asc)))
                          .from(offset)
                          .size(pageSize)
                          .trackTotalHits(t -> t.count(TOTAL_HITS_TRACKED)),
                  (Class<Map<String, Object>>) (Class) Map.class);
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Hit<Map<String, Object>> hit : response.hits().hits()) {
        docs.add(hit.source());
      }
      long total = response.hits().total() == null ? docs.size() : response.hits().total().value();
      return new Page(total, docs);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidRequestException invalid) {
        throw invalid;
      }
      if (e instanceof ElasticsearchException refused && refused.status() == 400) {
        // Elasticsearch refused this query (the input), it is not down: not a 503 to retry.
        throw new InvalidRequestException(
            "filters", "cannot be searched: " + refused.error().reason());
      }
      throw new SearchUnavailableException("Search is unavailable right now: " + e.getMessage(), e);
    }
  }

  private static String filterField(String name) {
    String field = FILTER_FIELDS.get(name);
    if (field == null) {
      throw new InvalidRequestException(
          "filters." + name, "unknown filter; known: " + new TreeSet<>(FILTER_FIELDS.keySet()));
    }
    return field;
  }

  /**
   * The values of one filter, refused with the field named when Elasticsearch could not use them:
   * too many, too long, not a scalar, or not a boolean for {@code is_job_cluster}.
   */
  private static List<Object> checked(String name, List<Object> values) {
    String path = "filters." + name;
    if (values.size() > MAX_FILTER_VALUES) {
      throw new InvalidRequestException(
          path, "at most " + MAX_FILTER_VALUES + " values (" + values.size() + " given)");
    }
    for (Object v : values) {
      if (v == null || v instanceof Map || v instanceof List) {
        throw new InvalidRequestException(path, "values must be strings, numbers or booleans");
      }
      if ("is_job_cluster".equals(name) && !(v instanceof Boolean)) {
        throw new InvalidRequestException(path, "values must be true or false");
      }
      if (v instanceof String text) {
        checkText(path, text);
      }
    }
    return values;
  }

  private static void checkText(String path, String text) {
    if (text.length() > MAX_FILTER_TEXT) {
      throw new InvalidRequestException(
          path, "values are at most " + MAX_FILTER_TEXT + " characters");
    }
    String problem = TextRules.problem(text, false);
    if (problem != null) {
      throw new InvalidRequestException(path, problem);
    }
  }

  /**
   * UI statuses are what users filter on; the index stores the UI status beside the backend one.
   */
  private static List<Object> expand(String name, List<Object> values) {
    if (!"status".equals(name)) {
      return values;
    }
    List<Object> statuses = new ArrayList<>();
    for (Object v : values) {
      try {
        statuses.add(UiClusterStatus.fromWire(String.valueOf(v)).wireName());
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "filters.status", "'" + v + "' is not one of inactive, creating, active");
      }
    }
    return statuses;
  }

  private static Query terms(String field, List<Object> values) {
    List<FieldValue> fieldValues = values.stream().map(ClusterSearchService::fieldValue).toList();
    return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(fieldValues))));
  }

  private static FieldValue fieldValue(Object value) {
    if (value instanceof Boolean b) {
      return FieldValue.of(b);
    }
    if (value instanceof Number n) {
      return FieldValue.of(n.longValue());
    }
    return FieldValue.of(String.valueOf(value));
  }

  /**
   * Case-insensitive "contains" on a keyword field; wildcard characters in the text are literal.
   */
  private static Query containing(String field, String text) {
    String escaped =
        text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    return Query.of(
        q -> q.wildcard(w -> w.field(field).value("*" + escaped + "*").caseInsensitive(true)));
  }
}
