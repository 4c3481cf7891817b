package com.darwin.compute.sdk;

import java.util.function.Consumer;

/**
 * What a follow of a job's log has handed on, across the streams it opens. The service's stream
 * starts at the log's beginning, so a stream opened again (the last one ended before the job) skips
 * as many characters as were handed on already; unless it starts with a truncation line (the log is
 * past the download limit, and the stream starts at its last part): counting characters would then
 * drop new output, so the stream is handed on whole after a line saying some of it may repeat.
 */
final class FollowedLog {

  /** How the service and Ray begin a log they shortened. */
  static final String TRUNCATED = "[LOG TRUNCATED";

  static final String REOPENED_PAST_LIMIT =
      "\n[darwin-compute SDK: the log stream was opened again past the service's download limit;"
          + " it goes on from the log's last part, which may repeat lines shown above]\n";

  private final Consumer<String> sink;
  private long handed;
  private long toSkip;
  // The start of a reopened stream, held until it shows whether it is a truncated one.
  private StringBuilder head;

  FollowedLog(Consumer<String> sink) {
    this.sink = sink;
  }

  /** The sink of the next stream. */
  Consumer<String> nextStream() {
    toSkip = handed;
    head = handed > 0 ? new StringBuilder() : null;
    return this::accept;
  }

  /** The stream ended (or broke): what it held back is judged now. */
  void streamEnded() {
    if (head != null) {
      String start = head.toString();
      head = null;
      place(start);
    }
  }

  private void accept(String piece) {
    if (head == null) {
      hand(piece);
      return;
    }
    head.append(piece);
    if (head.length() >= TRUNCATED.length()) {
      String start = head.toString();
      head = null;
      place(start);
    }
  }

  private void place(String start) {
    if (start.startsWith(TRUNCATED)) {
      toSkip = 0;
      sink.accept(REOPENED_PAST_LIMIT);
    }
    hand(start);
  }

  private void hand(String piece) {
    int from = (int) Math.min(toSkip, piece.length());
    toSkip -= from;
    if (from < piece.length()) {
      sink.accept(from == 0 ? piece : piece.substring(from));
      handed += piece.length() - from;
    }
  }
}
