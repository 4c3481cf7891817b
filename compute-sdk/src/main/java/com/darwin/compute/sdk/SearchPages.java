package com.darwin.compute.sdk;

import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.ClusterSearchPage;
import com.darwin.compute.model.search.SearchClusterRequest;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Walks the pages of a search lazily: the next page is fetched when the current one runs out. */
final class SearchPages implements Iterator<ClusterSearchHit> {

  private final Function<SearchClusterRequest, ClusterSearchPage> fetch;
  private SearchClusterRequest next;
  private List<ClusterSearchHit> page = List.of();
  private int index;

  SearchPages(Function<SearchClusterRequest, ClusterSearchPage> fetch, SearchClusterRequest first) {
    this.fetch = fetch;
    this.next = first;
  }

  @Override
  public boolean hasNext() {
    while (index >= page.size()) {
      if (next == null) {
        return false;
      }
      SearchClusterRequest request = next;
      ClusterSearchPage result = fetch.apply(request);
      page = result.body() == null ? List.of() : result.body();
      index = 0;
      int nextOffset = request.offset() + page.size();
      boolean more =
          !page.isEmpty()
              && (result.pagination() == null || nextOffset < result.pagination().totalMatches());
      next =
          more
              ? new SearchClusterRequest(
                  request.query(),
                  request.filters(),
                  request.sortBy(),
                  request.sortOrder(),
                  request.pageSize(),
                  nextOffset)
              : null;
    }
    return true;
  }

  @Override
  public ClusterSearchHit next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.get(index++);
  }
}
