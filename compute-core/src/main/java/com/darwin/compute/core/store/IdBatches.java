package com.darwin.compute.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Splits id lists for {@code IN (...)} clauses. One statement per thousand ids keeps the statement
 * count of a sweep nearly flat while staying far below MySQL's 65,535 placeholders per statement
 * and its {@code max_allowed_packet}, whatever the number of clusters.
 */
public final class IdBatches {

  /** Ids per statement. */
  public static final int SIZE = 1_000;

  private IdBatches() {}

  public static <T> List<List<T>> of(Collection<T> ids) {
    List<T> all = List.copyOf(ids);
    List<List<T>> batches = new ArrayList<>((all.size() + SIZE - 1) / SIZE);
    for (int from = 0; from < all.size(); from += SIZE) {
      batches.add(all.subList(from, Math.min(all.size(), from + SIZE)));
    }
    return batches;
  }
}
