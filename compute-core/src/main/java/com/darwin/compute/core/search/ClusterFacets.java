package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Distinct values across all clusters (tags, owners, label values), from terms aggregations on the
 * index. Fields are {@link ClusterDocumentField}s, or one label key under {@link
 * ClusterDocumentField#LABELS} with the key checked by the caller: a user string never becomes
 * anything else.
 */
@Component
public class ClusterFacets {

  /** The most distinct values one aggregation returns (the Python service's bound). */
  static final int MAX_VALUES = 10_000;

  private final SearchIndex index;

  public ClusterFacets(SearchIndex index) {
    this.index = index;
  }

  public List<String> tags() {
    return distinct(Map.of("v", ClusterDocumentField.TAGS.path())).get("v");
  }

  public List<String> owners() {
    return distinct(Map.of("v", ClusterDocumentField.USER.path())).get("v");
  }

  /** Every label value under any key, sorted. */
  public List<String> labelValues() {
    return distinct(Map.of("v", ClusterDocumentField.LABELS_FLAT.path())).get("v");
  }

  /** The distinct values of each label key, sorted; an unknown key has none. */
  public Map<String, List<String>> valuesOfLabels(List<String> keys) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      fields.put("k" + i, ClusterDocumentField.LABELS.subPath(keys.get(i)));
    }
    Map<String, List<String>> byAgg = distinct(fields);
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      result.put(keys.get(i), byAgg.getOrDefault("k" + i, List.of()));
    }
    return result;
  }

  /** One terms aggregation per entry (aggregation name to field), in one request. */
  private Map<String, List<String>> distinct(Map<String, String> fields) {
    Map<String, Aggregation> aggregations = new LinkedHashMap<>();
    fields.forEach(
        (name, field) ->
            aggregations.put(
                name,
                Aggregation.of(
                    a ->
                        a.terms(
                            t ->
                                t.field(field)
                                    .size(MAX_VALUES)
                                    .order(NamedValue.of("_key", SortOrder.Asc))))));
    try {
      index.ensureExists();
      SearchResponse<Void> response =
          index
              .client()
              .search(s -> s.index(index.name()).size(0).aggregations(aggregations), Void.class);
      Map<String, List<String>> result = new LinkedHashMap<>();
      for (String name : fields.keySet()) {
        Aggregate aggregate = response.aggregations().get(name);
        List<String> values = new ArrayList<>();
        if (aggregate != null && aggregate.isSterms()) {
          for (StringTermsBucket bucket : aggregate.sterms().buckets().array()) {
            values.add(bucket.key().stringValue());
          }
        }
        result.put(name, values);
      }
      return result;
    } catch (IOException | RuntimeException e) {
      throw new SearchUnavailableException("Search is unavailable right now: " + e.getMessage(), e);
    }
  }
}
