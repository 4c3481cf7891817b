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

  /**
   * The text as it fits a column of {@code width} characters, cut in its middle rather than at its
   * end: where its end says as much as its start (a Ray job's failure message: the exit code first,
   * then the last lines of its log), a quarter of the width keeps the start, the rest the end.
   */
  public static String fittedKeepingBothEnds(String text, int width) {
    if (text == null || text.length() <= width) {
      return text;
    }
    // Sized for the longest count, so the count is of what is actually cut.
    int room = width - marker(text.length()).length();
    if (room < 8) {
      // No room for a character outside the basic plane at either end.
      return fitted(text, width);
    }
    int headEnd = room / 4;
    if (Character.isHighSurrogate(text.charAt(headEnd - 1))) {
      headEnd--;
    }
    int tailStart = text.length() - (room - headEnd);
    if (Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    return text.substring(0, headEnd) + marker(tailStart - headEnd) + text.substring(tailStart);
  }

  private static String marker(int cut) {
    return "\n[... " + cut + " characters cut ...]\n";
  }
}
