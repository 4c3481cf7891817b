package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.model.cluster.UiClusterStatus;
import com.darwin.compute.model.search.SearchFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Elasticsearch request of both search endpoints from what the client sent, without
 * sending it: pure, so the query each body becomes is unit-tested as JSON. Field names and sort
 * keys are allow-listed by {@link ClusterDocumentField}: a user string never becomes a field path
 * or a script. Input Elasticsearch could not use is refused here, with the field named.
 */
public final class ClusterSearchRequests {

  /** Elasticsearch's {@code index.max_result_window}: {@code offset + page_size} beyond it fail. */
  static final int MAX_RESULT_WINDOW = 10_000;

  /** Values one filter may list (Elasticsearch refuses more than 65,536 terms). */
  static final int MAX_FILTER_VALUES = 1_000;

  /** Longest filter value or filter query; the keyword fields ignore longer values anyway. */
  static final int MAX_FILTER_TEXT = 256;

  /**
   * Matches are counted exactly up to {@link #MAX_RESULT_WINDOW} (every page that can be asked
   * for), then reported as that many, as the Python service's default Elasticsearch query did:
   * counting further would make Elasticsearch visit every match of a broad search.
   */
  static final int TOTAL_HITS_TRACKED = MAX_RESULT_WINDOW;

  private ClusterSearchRequests() {}

  /**
   * Where a search of {@code index} is posted. {@code request_cache=true}: Elasticsearch's shard
   * request cache keeps a query phase's result until the next refresh that changes the shard, but
   * for a request with hits ({@code size > 0}) only when asked per request. The UI's listings are
   * the same few bodies sent by many users between refreshes; a cached answer is the one the same
   * searcher would compute (the cache is keyed by the shard's reader, so nothing stale is served).
   * Over 100,000 documents (B3) the query phase fell from 0.62 to 0.13 ms (filters + sort) and from
   * 1.7 to 0.09 ms (text + filters + sort); the fetch of the page's 20 sources is not cached.
   *
   * <p>{@code filter_path}: a page is read from the total and each hit's {@code _source} only
   * ({@code DirectSearch}), so Elasticsearch leaves out the rest of each hit ({@code _index},
   * {@code _id}, {@code _score}, {@code sort}) and of the answer ({@code took}, {@code _shards}):
   * less for it to write and for us to read, on every search. Error answers are never filtered, so
   * a refused query's reason still arrives; a page with no hits arrives without {@code hits.hits}.
   */
  public static String searchPath(String index) {
    return "/" + index + "/_search?request_cache=true&filter_path=" + ANSWER_FIELDS;
  }

  /** What a search's answer is read for: the total and the hits' sources. */
  static final String ANSWER_FIELDS = "hits.total.value,hits.hits._source";

  /** Search v2: {@code filters} of {@link SearchFilter}s; job clusters are left out by default. */
  public static SearchRequest v2(
      String index,
      String text,
      Map<String, SearchFilter> filters,
      String sortBy,
      String sortOrder,
      int pageSize,
      int offset) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    String searched = searchedText(text);
    if (!searched.isEmpty()) {
      bool.must(containing(ClusterDocumentField.NAME, searched));
    }
    boolean jobFilterGiven = false;
    for (Map.Entry<String, SearchFilter> entry : filters.entrySet()) {
      ClusterDocumentField field = filterField(entry.getKey());
      jobFilterGiven |= field == ClusterDocumentField.IS_JOB_CLUSTER;
      SearchFilter filter =
          entry.getValue() == null ? new SearchFilter(null, null, null, null) : entry.getValue();
      Query query;
      if (!filter.selectAll()) {
        if (filter.values().isEmpty()) {
          continue;
        }
        query = terms(field, expand(field, checked(entry.getKey(), field, filter.values())));
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
      bool.filter(terms(ClusterDocumentField.IS_JOB_CLUSTER, List.of(false)));
    }
    return request(index, bool.build(), sortBy, sortOrder, pageSize, offset);
  }

  /** Search v1: {@code filters}/{@code exclude_filters} as lists of values per field. */
  public static SearchRequest v1(
      String index,
      String text,
      Map<String, List<Object>> filters,
      Map<String, List<Object>> excludeFilters,
      boolean jobClusters,
      String sortBy,
      String sortOrder,
      int pageSize,
      int offset) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    String searched = searchedText(text);
    if (!searched.isEmpty()) {
      bool.must(
          Query.of(
              q ->
                  q.bool(
                      b ->
                          b.should(containing(ClusterDocumentField.NAME, searched))
                              .should(containing(ClusterDocumentField.TAGS, searched))
                              .minimumShouldMatch("1"))));
    }
    filters.forEach(
        (name, values) -> {
          // v1 says whether it wants job clusters in its own field; this filter is ignored.
          if (values != null && !values.isEmpty() && !isJobClusterFilter(name)) {
            ClusterDocumentField field = filterField(name);
            bool.filter(terms(field, expand(field, checked(name, field, values))));
          }
        });
    excludeFilters.forEach(
        (name, values) -> {
          if (values != null && !values.isEmpty()) {
            ClusterDocumentField field = filterField(name);
            bool.mustNot(terms(field, expand(field, checked(name, field, values))));
          }
        });
    bool.filter(terms(ClusterDocumentField.IS_JOB_CLUSTER, List.of(jobClusters)));
    return request(index, bool.build(), sortBy, sortOrder, pageSize, offset);
  }

  private static SearchRequest request(
      String index, BoolQuery query, String sortBy, String sortOrder, int pageSize, int offset) {
    if ((long) offset + pageSize > MAX_RESULT_WINDOW) {
      throw new InvalidRequestException(
          "offset",
          "offset + page_size must be at most "
              + MAX_RESULT_WINDOW
              + "; narrow the search instead");
    }
    String sortField =
        ClusterDocumentField.bySortKey(sortBy)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "sort_by", "must be one of " + ClusterDocumentField.sortKeys()))
            .path();
    SortOrder order = "asc".equalsIgnoreCase(sortOrder) ? SortOrder.Asc : SortOrder.Desc;
    return SearchRequest.of(
        s ->
            s.index(index)
                .query(q -> q.bool(query))
                // A hit is shown from its summary fields only.
                .source(src -> src.filter(f -> f.includes(ClusterDocumentField.hitPaths())))
                .sort(so -> so.field(f -> f.field(sortField).order(order)))
                // Equal sort values still page in one stable order.
                .sort(
                    so ->
                        so.field(
                            f ->
                                f.field(ClusterDocumentField.CLUSTER_ID.path())
                                    .order(SortOrder.Asc)))
                .from(offset)
                .size(pageSize)
                .trackTotalHits(t -> t.count(TOTAL_HITS_TRACKED)));
  }

  private static boolean isJobClusterFilter(String name) {
    return ClusterDocumentField.IS_JOB_CLUSTER.filterName().orElseThrow().equals(name);
  }

  private static ClusterDocumentField filterField(String name) {
    return ClusterDocumentField.byFilterName(name)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "filters." + name,
                    "unknown filter; known: " + ClusterDocumentField.filterNames()));
  }

  /**
   * The values of one filter, refused with the field named when Elasticsearch could not use them:
   * too many, too long, not a scalar, or not a boolean for a boolean field.
   */
  private static List<Object> checked(
      String name, ClusterDocumentField field, List<Object> values) {
    String path = "filters." + name;
    if (values.size() > MAX_FILTER_VALUES) {
      throw new InvalidRequestException(
          path, "at most " + MAX_FILTER_VALUES + " values (" + values.size() + " given)");
    }
    for (Object v : values) {
      if (v == null || v instanceof Map || v instanceof List) {
        throw new InvalidRequestException(path, "values must be strings, numbers or booleans");
      }
      if (field.type() == ClusterDocumentField.MappingType.BOOLEAN && !(v instanceof Boolean)) {
        throw new InvalidRequestException(path, "values must be true or false");
      }
      if (v instanceof String text) {
        checkText(path, text);
      }
    }
    return values;
  }

  /**
   * The search text as searched: without surrounding whitespace (a pasted line's break, a stray
   * space: no name has either), and refused with a control character inside, as other text is.
   */
  private static String searchedText(String text) {
    String searched = text.strip();
    checkText("query", searched);
    return searched;
  }

  private static void checkText(String path, String text) {
    if (text.length() > MAX_FILTER_TEXT) {
      throw new InvalidRequestException(
          path, "values are at most " + MAX_FILTER_TEXT + " characters");
    }
    TextRules.requireOneLine(path, text);
  }

  /**
   * UI statuses are what users filter on; the index stores the UI status beside the backend one.
   */
  private static List<Object> expand(ClusterDocumentField field, List<Object> values) {
    if (field != ClusterDocumentField.UI_STATUS) {
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

  private static Query terms(ClusterDocumentField field, List<Object> values) {
    List<FieldValue> fieldValues = values.stream().map(ClusterSearchRequests::fieldValue).toList();
    return Query.of(q -> q.terms(t -> t.field(field.path()).terms(v -> v.value(fieldValues))));
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
   * The name's is a prefix query on its lowercased suffixes ({@link
   * ClusterDocumentField#NAME_SUFFIXES}): the same matches without a leading wildcard.
   */
  private static Query containing(ClusterDocumentField field, String text) {
    String lowered = text.toLowerCase(Locale.ROOT);
    if (field == ClusterDocumentField.NAME) {
      return Query.of(
          q -> q.prefix(p -> p.field(ClusterDocumentField.NAME_SUFFIXES.path()).value(lowered)));
    }
    String escaped = lowered.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    return Query.of(
        q ->
            q.wildcard(
                w -> w.field(field.path()).value("*" + escaped + "*").caseInsensitive(true)));
  }
}
