package com.darwin.compute.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.ClusterSearchPage;
import com.darwin.compute.model.search.SearchClusterRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Paging through a search the way the service answers one. */
class SearchPagesTest {

  private final List<SearchClusterRequest> asked = new ArrayList<>();

  /** The service over {@code matches} clusters: a window of 10,000, counted up to it. */
  private ClusterSearchPage service(int matches, SearchClusterRequest request) {
    asked.add(request);
    if (request.offset() + request.pageSize() > 10_000) {
      throw new IllegalStateException("400: offset + page_size may not exceed 10000");
    }
    int end = Math.min(matches, request.offset() + request.pageSize());
    List<ClusterSearchHit> hits =
        IntStream.range(Math.min(request.offset(), end), end)
            .mapToObj(SearchPagesTest::hit)
            .toList();
    return new ClusterSearchPage(
        new ClusterSearchPage.Pagination(
            Math.min(matches, 10_000), request.pageSize(), request.offset()),
        hits);
  }

  private static ClusterSearchHit hit(int i) {
    return new ClusterSearchHit(
        "id-" + i, "c" + i, null, null, List.of(), null, null, null, null, null, null, null);
  }

  private List<String> walk(int matches, int pageSize, int offset) {
    List<String> seen = new ArrayList<>();
    SearchPages pages =
        new SearchPages(
            r -> service(matches, r),
            new SearchClusterRequest(null, null, null, null, pageSize, offset));
    pages.forEachRemaining(h -> seen.add(h.clusterId()));
    return seen;
  }

  @Test
  void everyMatchWithinTheWindowIsWalkedPageByPage() {
    assertThat(walk(95, 30, 0)).hasSize(95).startsWith("id-0").endsWith("id-94");
    assertThat(asked).extracting(SearchClusterRequest::offset).containsExactly(0, 30, 60, 90);
  }

  @Test
  void theLastPageEndsAtTheWindowAndAWalkThatMayGoOnSaysSo() {
    List<String> seen = new ArrayList<>();
    SearchPages pages =
        new SearchPages(
            r -> service(12_000, r), new SearchClusterRequest(null, null, null, null, 30, 5));
    assertThatThrownBy(() -> pages.forEachRemaining(h -> seen.add(h.clusterId())))
        .isInstanceOf(ComputeException.class)
        .satisfies(
            e -> assertThat(((ComputeException) e).code()).isEqualTo(SearchPages.WINDOW_EXCEEDED))
        .hasMessageContaining("narrow it");
    // Every hit in the window came first; no request crossed it.
    assertThat(seen).hasSize(9_995).endsWith("id-9999");
    assertThat(asked.get(asked.size() - 1).offset() + asked.get(asked.size() - 1).pageSize())
        .isEqualTo(10_000);
  }

  @Test
  void aWalkStartingPastTheWindowSaysSoWithoutAsking() {
    SearchPages pages =
        new SearchPages(
            r -> service(12_000, r), new SearchClusterRequest(null, null, null, null, 20, 10_000));
    assertThatThrownBy(pages::hasNext)
        .isInstanceOf(ComputeException.class)
        .satisfies(
            e -> {
              assertThat(((ComputeException) e).code()).isEqualTo(SearchPages.WINDOW_EXCEEDED);
              // The caller's request to narrow, not the service unreachable.
              assertThat(((ComputeException) e).status()).isEqualTo(400);
            });
    assertThat(asked).isEmpty();
  }
}
