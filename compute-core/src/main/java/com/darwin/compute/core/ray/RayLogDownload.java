package com.darwin.compute.core.ray;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads the dashboard's answer to {@code GET /api/jobs/{id}/logs}, {@code {"logs": "..."}}, as it
 * arrives, keeping only the log's last {@code limit} characters. Ray before 2.5x sends a driver's
 * whole log file however large it is, and a JSON tree of it (the body, its string, the tree's copy)
 * held several copies of it in the heap at once, per request. A longer log is answered the way
 * newer Ray shortens its own downloads: a {@code [LOG TRUNCATED ...]} line, then the last part from
 * its first whole line, so a follow finds its place in it by content ({@code LogCursor}).
 */
final class RayLogDownload {

  /**
   * How far into the kept part (at most half of it) a cut line is dropped to begin at the next
   * whole one.
   */
  private static final int PARTIAL_LINE_DROPPED = 4096;

  /** The characters of a key kept (the only key read is {@code logs}). */
  private static final int KEY_LIMIT = 64;

  private final Reader in;
  private final int limit;

  /** Read ahead in blocks: a character at a time from the reader costs a call (and a lock) each. */
  private final char[] buffer = new char[8192];

  private int position;
  private int filled;

  private RayLogDownload(Reader in, int limit) {
    this.in = in;
    this.limit = limit;
  }

  /**
   * The log in the answer, shortened to its last {@code limit} characters; empty when the answer
   * has no {@code logs} or it is null.
   *
   * @throws IOException when the answer is not such a JSON object, or reading it failed
   */
  static String read(Reader in, int limit) throws IOException {
    return new RayLogDownload(in, limit).object();
  }

  private String object() throws IOException {
    String logs = "";
    skipSpaceAndPeek();
    expect('{');
    if (skipSpaceAndPeek() == '}') {
      next();
      return logs;
    }
    while (true) {
      skipSpaceAndPeek();
      expect('"');
      String key = keyString();
      skipSpaceAndPeek();
      expect(':');
      int first = skipSpaceAndPeek();
      if (key.equals("logs") && first == '"') {
        next();
        logs = logString();
      } else {
        skipValue();
      }
      int after = skipSpaceAndPeek();
      next();
      if (after == '}') {
        return logs;
      }
      if (after != ',') {
        throw malformed("',' or '}'", after);
      }
    }
  }

  /** A key, after its opening quote: only its first characters are kept. */
  private String keyString() throws IOException {
    StringBuilder key = new StringBuilder();
    for (int c = stringChar(); c >= 0; c = stringChar()) {
      if (key.length() < KEY_LIMIT) {
        key.append((char) c);
      }
    }
    return key.toString();
  }

  /** The log, after its opening quote, its last {@code limit} characters kept. */
  private String logString() throws IOException {
    // Dropped in steps of an eighth of the limit (each character is moved about 8 times), and the
    // builder grown by hand up to the limit and a step exactly: its own doubling went past it to
    // twice that. One byte a character while they are all Latin-1, two after.
    int step = Math.max(limit / 8, 1);
    int most = limit + step;
    StringBuilder kept = new StringBuilder(Math.min(most, 8192));
    long total = 0;
    char beforeKept = '\n';
    for (int c = stringChar(); c >= 0; c = stringChar()) {
      if (kept.length() == kept.capacity() && kept.capacity() < most) {
        kept = new StringBuilder((int) Math.min(2L * kept.capacity(), most)).append(kept);
      }
      kept.append((char) c);
      total++;
      if (kept.length() == most) {
        beforeKept = kept.charAt(step - 1);
        kept.delete(0, step);
      }
    }
    if (total <= limit) {
      return kept.toString();
    }
    int over = kept.length() - limit;
    if (over > 0) {
      beforeKept = kept.charAt(over - 1);
      kept.delete(0, over);
    }
    if (beforeKept != '\n') {
      // Cut inside a line: from the next whole one, when it begins soon (a follow finds its place
      // again by content); a long line is kept from the cut on.
      int lineEnd = kept.indexOf("\n");
      if (lineEnd >= 0 && lineEnd < Math.min(PARTIAL_LINE_DROPPED, limit / 2)) {
        kept.delete(0, lineEnd + 1);
      } else if (!kept.isEmpty() && Character.isLowSurrogate(kept.charAt(0))) {
        kept.deleteCharAt(0); // its high half was cut off
      }
    }
    // In the room the step left: no second copy of the log before the string's own.
    return kept.insert(
            0,
            "[LOG TRUNCATED by the control plane: the last "
                + kept.length()
                + " characters of "
                + total
                + " follow]\n")
        .toString();
  }

  /** The next character of a string, escapes decoded; -1 at its closing quote. */
  private int stringChar() throws IOException {
    int c = next();
    if (c == '"') {
      return -1;
    }
    if (c < 0) {
      throw malformed("the end of a string", c);
    }
    if (c != '\\') {
      return c;
    }
    int e = next();
    return switch (e) {
      case '"', '\\', '/' -> e;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> hex4();
      default -> throw malformed("an escape", e);
    };
  }

  private int hex4() throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int c = next();
      int digit = Character.digit(c, 16);
      if (c < 0 || digit < 0) {
        throw malformed("a hex digit", c);
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** Skips any JSON value (another field, or a log that is not a string). */
  private void skipValue() throws IOException {
    int depth = 0;
    do {
      int c = next();
      switch (c) {
        case '"' -> {
          while (stringChar() >= 0) {
            // skipped
          }
        }
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (--depth < 0) {
            throw malformed("a value", c);
          }
        }
        case -1 -> throw malformed("a value", c);
        default -> {
          // a number, a literal, a separator or a space inside an object or array
        }
      }
      if (depth == 0) {
        int p = peek();
        if (p == ',' || p == '}' || p == ']' || Character.isWhitespace(p) || p < 0) {
          return;
        }
      }
    } while (true);
  }

  private int skipSpaceAndPeek() throws IOException {
    while (Character.isWhitespace(peek())) {
      next();
    }
    return peek();
  }

  private void expect(int wanted) throws IOException {
    int c = next();
    if (c != wanted) {
      throw malformed("'" + (char) wanted + "'", c);
    }
  }

  private int peek() throws IOException {
    while (position == filled) {
      int n = in.read(buffer);
      if (n < 0) {
        return -1;
      }
      position = 0;
      filled = n;
    }
    return buffer[position];
  }

  private int next() throws IOException {
    int c = peek();
    if (c >= 0) {
      position++;
    }
    return c;
  }

  private static IOException malformed(String wanted, int found) {
    return new IOException(
        "expected "
            + wanted
            + " in the log download, found "
            + (found < 0 ? "its end" : "'" + (char) found + "'"));
  }
}
