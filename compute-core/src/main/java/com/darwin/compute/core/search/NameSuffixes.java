package com.darwin.compute.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suffixes a cluster name is found by: "the name contains X" exactly when one of them starts
 * with X, lowercased as the search lowercases X. Counted in code points, so a character outside the
 * Basic Multilingual Plane is never split.
 */
final class NameSuffixes {

  private NameSuffixes() {}

  static List<String> of(String name) {
    if (name == null || name.isEmpty()) {
      return List.of();
    }
    String lowered = name.toLowerCase(Locale.ROOT);
    List<String> suffixes = new ArrayList<>(lowered.length());
    for (int at = 0; at < lowered.length(); at = lowered.offsetByCodePoints(at, 1)) {
      suffixes.add(lowered.substring(at));
    }
    return List.copyOf(suffixes);
  }
}
