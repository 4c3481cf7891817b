package com.darwin.compute.core.jobs;

import java.util.function.Consumer;

/**
 * Where a followed log stands: how much of it the follower has written. Whole logs (a download) and
 * streamed pieces (Ray's stream, which starts again from the log's first character on every
 * connection) both go through here, and only what lies past the written part reaches the sink, so
 * switching between the two, or reconnecting, neither repeats nor skips a character.
 */
final class LogCursor {

  private final Consumer<String> sink;
  private long written;
  private long streamed;

  LogCursor(Consumer<String> sink, long written) {
    this.sink = sink;
    this.written = written;
  }

  /** The whole log as downloaded now. */
  void whole(String log) {
    if (log.length() > written) {
      sink.accept(log.substring((int) written));
      written = log.length();
    }
  }

  /** A new stream of the log begins: its first piece starts at the log's first character. */
  void restart() {
    streamed = 0;
  }

  /** The stream's next piece. */
  void piece(String piece) {
    long end = streamed + piece.length();
    if (end > written) {
      sink.accept(piece.substring((int) Math.max(0, written - streamed)));
      written = end;
    }
    streamed = end;
  }
}
