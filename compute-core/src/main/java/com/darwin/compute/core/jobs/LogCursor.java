package com.darwin.compute.core.jobs;

import java.util.function.Consumer;

/**
 * Where a followed log stands: how much of it the follower has written. Whole logs (downloads) and
 * streamed pieces (Ray's stream, which starts again from the log's first character on every
 * connection) both go through here, and only what lies past the written part reaches the sink, so
 * switching between the two, or reconnecting, neither repeats nor skips a character.
 *
 * <p>Positions are lost when Ray shortens a download: past {@code RAY_JOB_LOG_MAX_READ_BYTES} (16
 * MiB by default) its dashboard sends a {@code [LOG TRUNCATED ...]} line and the log's last part
 * only. The place is then found again by content: the last characters passed (the anchor) are
 * looked for, at their first occurrence, so that a log repeating itself gives repeated lines rather
 * than lost ones.
 */
final class LogCursor {

  /** How Ray begins a download it shortened. */
  static final String TRUNCATED = "[LOG TRUNCATED";

  private static final int ANCHOR = 2000;

  private final Consumer<String> sink;

  /** Characters of the log passed (written, or skipped by a tail); -1 when not known. */
  private long passed;

  /** The stream's characters so far, since its last start. */
  private long streamed;

  /** The last characters passed, to find the place by content. */
  private String anchor = "";

  /** While the place is unknown: the stream's latest characters, where the anchor is looked for. */
  private final StringBuilder seeking = new StringBuilder();

  /** After {@code first}, the log as downloaded at the start, has been passed. */
  LogCursor(Consumer<String> sink, String first) {
    this.sink = sink;
    this.passed = first.startsWith(TRUNCATED) ? -1 : first.length();
    this.anchor = last(first);
  }

  /** The whole log as downloaded now. */
  void whole(String log) {
    boolean truncated = log.startsWith(TRUNCATED);
    if (!truncated && passed >= 0) {
      if (log.length() > passed) {
        write(log.substring((int) passed));
        passed = log.length();
      }
      return;
    }
    int at = anchor.isEmpty() ? -1 : log.indexOf(anchor);
    // Not found: the place scrolled out of Ray's window (or nothing was passed yet); all it has
    // is written, its truncation line included, which tells the reader of the gap.
    String after = at < 0 ? log : log.substring(at + anchor.length());
    write(after);
    if (!truncated) {
      passed = log.length();
    } else if (at < 0 || passed < 0) {
      passed = -1;
    } else {
      passed += after.length();
    }
  }

  /** A new stream of the log begins: its first piece starts at the log's first character. */
  void restart() {
    streamed = 0;
    seeking.setLength(0);
  }

  /** The stream's next piece. */
  void piece(String piece) {
    long start = streamed;
    streamed += piece.length();
    if (passed < 0) {
      seek(piece);
    } else if (streamed > passed) {
      write(piece.substring((int) Math.max(0, passed - start)));
      passed = streamed;
    }
  }

  private void seek(String piece) {
    seeking.append(piece);
    int at = seeking.indexOf(anchor);
    if (at < 0) {
      // Keep what could still begin the anchor.
      seeking.delete(0, Math.max(0, seeking.length() - (anchor.length() - 1)));
      return;
    }
    String after = seeking.substring(at + anchor.length());
    seeking.setLength(0);
    write(after);
    passed = streamed;
  }

  private void write(String text) {
    if (!text.isEmpty()) {
      sink.accept(text);
      anchor = last(anchor + text);
    }
  }

  private static String last(String text) {
    return text.length() <= ANCHOR ? text : text.substring(text.length() - ANCHOR);
  }
}
