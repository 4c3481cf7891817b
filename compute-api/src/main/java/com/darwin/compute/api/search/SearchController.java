package com.darwin.compute.api.search;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.core.search.ClusterSearchService;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.search.ClusterSearchPage;
import com.darwin.compute.model.search.SearchClusterRequest;
import com.darwin.compute.model.search.SearchV1Request;
import com.darwin.compute.model.search.SearchV1Response;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Cluster search, served from Elasticsearch. */
@RestController
@Tag(name = "Search", description = "Find clusters by name, owner, status, runtime, labels")
public class SearchController {

  private final ClusterSearchService search;
  private final SearchHits hits;

  SearchController(ClusterSearchService search, SearchHits hits) {
    this.search = search;
    this.hits = hits;
  }

  @CallerRoute(readOnly = true)
  @PostMapping("/cluster/search")
  @Operation(summary = "Search clusters (v2: per-field filters with include/exclude)")
  public ResponseEntity<Envelope<ClusterSearchPage>> search(
      @Valid @RequestBody SearchClusterRequest request) {
    var page =
        search.search(
            request.query(),
            request.filters(),
            request.sortBy(),
            request.sortOrder(),
            request.pageSize(),
            request.offset());
    return ok(
        new ClusterSearchPage(
            new ClusterSearchPage.Pagination(page.total(), request.pageSize(), request.offset()),
            page.documents().stream().map(hits::v2).toList()),
        "Clusters fetched successfully");
  }

  /** Not enveloped, as in the Python service: the Python SDK's {@code get_all} reads this shape. */
  @CallerRoute(readOnly = true)
  @PostMapping("/search")
  @Operation(summary = "Search clusters (v1, used by the Python SDK's get_all)")
  public SearchV1Response searchV1(@Valid @RequestBody SearchV1Request request) {
    var page =
        search.searchV1(
            request.query(),
            request.filters(),
            request.excludeFilters(),
            request.isJobCluster(),
            request.sortBy(),
            request.sortOrder(),
            request.pageSize(),
            request.offset());
    return new SearchV1Response(
        Envelope.SUCCESS,
        page.total(),
        request.pageSize(),
        request.offset(),
        page.documents().stream().map(hits::v1).toList());
  }
}
