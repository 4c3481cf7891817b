package com.darwin.compute.sdk;

import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.ClusterSearchPage;
import com.darwin.compute.model.search.SearchClusterRequest;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Walks the pages of a search lazily: the next page is fetched when the current one runs out. The
 * service pages only through the first {@link #WINDOW} matches ({@code offset + page_size} beyond
 * it is a 400) and counts no further: the last page is cut to end there, and a walk that reaches it
 * while the search may match more ends with a {@link ComputeException} saying so (code {@link
 * #WINDOW_EXCEEDED}), after every hit in the window, instead of stopping there silently or failing
 * on a last page that crosses it.
 */
final class SearchPages implements Iterator<ClusterSearchHit> {

  /** The service's window: {@code offset + page_size} at most this, {@code total_matches} too. */
  static final int WINDOW = 10_000;

  /** {@link ComputeException#code()} of a walk that reached the end of the window. */
  static final String WINDOW_EXCEEDED = ComputeClient.SEARCH_WINDOW_EXCEEDED;

  private final Function<SearchClusterRequest, ClusterSearchPage> fetch;
  private SearchClusterRequest next;
  private List<ClusterSearchHit> page = List.of();
  private int index;
  private boolean windowReached;

  SearchPages(Function<SearchClusterRequest, ClusterSearchPage> fetch, SearchClusterRequest first) {
    this.fetch = fetch;
    if (first.offset() >= WINDOW) {
      // Past the window from the start: nothing can be read there.
      this.windowReached = true;
    } else {
      this.next = first.offset() + first.pageSize() > WINDOW ? cut(first, first.offset()) : first;
    }
  }

  @Override
  public boolean hasNext() {
    while (index >= page.size()) {
      if (next == null) {
        if (windowReached) {
          throw windowExceeded();
        }
        return false;
      }
      SearchClusterRequest request = next;
      ClusterSearchPage result = fetch.apply(request);
      page = result.body() == null ? List.of() : result.body();
      index = 0;
      int nextOffset = request.offset() + page.size();
      Long total = result.pagination() == null ? null : result.pagination().totalMatches();
      boolean more = !page.isEmpty() && (total == null || nextOffset < total);
      if (!page.isEmpty() && nextOffset >= WINDOW) {
        // Counted up to the window only: an exact count of it may be more.
        windowReached = total == null || total >= WINDOW;
        more = false;
      }
      next = more ? cut(request, nextOffset) : null;
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

  /** The request for the page at {@code offset}, no longer than what is left of the window. */
  private static SearchClusterRequest cut(SearchClusterRequest previous, int offset) {
    return new SearchClusterRequest(
        previous.query(),
        previous.filters(),
        previous.sortBy(),
        previous.sortOrder(),
        Math.max(1, Math.min(previous.pageSize(), WINDOW - offset)),
        offset);
  }

  private static ComputeException windowExceeded() {
    // 400, as the service answers a page past its window: the request is the caller's to narrow
    // (0 would read as the service not answering).
    return new ComputeException(
        "POST",
        "/cluster/search",
        400,
        WINDOW_EXCEEDED,
        "The search may match more than the "
            + WINDOW
            + " clusters it can page through; narrow it with a query or filters to see the rest",
        List.of(),
        false,
        1,
        null);
  }
}
