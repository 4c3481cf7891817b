package com.darwin.compute.core.store;

/** Text cut to the width of the column it is written to. */
public final class ColumnText {

  private ColumnText() {}

  /**
   * The text as it fits a column of {@code width} characters: a longer one (what Kubernetes says of
   * a refused object can run past any width) would fail the whole write in strict mode.
   */
  public static String fitted(String text, int width) {
    if (text == null || text.length() <= width) {
      return text;
    }
    int end = width;
    // Not between the two halves of a surrogate pair.
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
