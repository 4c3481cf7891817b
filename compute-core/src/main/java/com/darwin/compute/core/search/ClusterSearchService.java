package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.search.SearchFilter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Cluster search over the Elasticsearch index: the request is built by {@link
 * ClusterSearchRequests}, sent by {@link DirectSearch}, and its hits read straight into {@link
 * ClusterDocument}s.
 */
@Service
public class ClusterSearchService {

  /** Stored in each document, left out of search hits. */
  public static final String EXCLUDED_FROM_HITS = ClusterDocumentField.SPEC.path();

  /**
   * The only fields a hit is shown from (both search endpoints' rows): Elasticsearch sends, and the
   * client parses, nothing else.
   */
  public static final List<String> HIT_FIELDS = ClusterDocumentField.hitPaths();

  /** See {@link ClusterSearchRequests#TOTAL_HITS_TRACKED}. */
  public static final int TOTAL_HITS_TRACKED = ClusterSearchRequests.TOTAL_HITS_TRACKED;

  private final SearchIndex index;
  private final DirectSearch direct;

  ClusterSearchService(SearchIndex index, DirectSearch direct) {
    this.index = index;
    this.direct = direct;
  }

  /** A page of matching cluster documents (hit fields only), and the total number of matches. */
  public record Page(long total, List<ClusterDocument> documents) {}

  /** Search v2: {@code filters} of {@link SearchFilter}s. */
  public Page search(
      String text,
      Map<String, SearchFilter> filters,
      String sortBy,
      String sortOrder,
      int pageSize,
      int offset) {
    return run(
        ClusterSearchRequests.v2(index.name(), text, filters, sortBy, sortOrder, pageSize, offset));
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
    return run(
        ClusterSearchRequests.v1(
            index.name(),
            text,
            filters,
            excludeFilters,
            jobClusters,
            sortBy,
            sortOrder,
            pageSize,
            offset));
  }

  private Page run(SearchRequest request) {
    try {
      index.ensureExists();
      return direct.search(index.name(), request);
    } catch (DirectSearch.Missing missing) {
      // Deleted behind our back: created again now and refilled behind the searches.
      index.missing();
      try {
        index.ensureExists();
      } catch (IOException | RuntimeException e) {
        missing.addSuppressed(e);
      }
      throw new SearchUnavailableException(
          "The search index was missing and is being rebuilt; try again shortly", missing);
    } catch (DirectSearch.Refused refused) {
      // Elasticsearch refused this query (the input), it is not down: not a 503 to retry.
      throw new InvalidRequestException("filters", "cannot be searched: " + refused.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new SearchUnavailableException("Search is unavailable right now: " + e.getMessage(), e);
    }
  }
}
