package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogCursorTest {

  private final StringBuilder out = new StringBuilder();

  @Test
  void aStreamPassesOnlyWhatLiesPastTheWrittenPart() {
    LogCursor cursor = new LogCursor(out::append, "a\nb\n".length()); // downloaded first
    cursor.restart();
    cursor.piece("a\n"); // the stream starts again from the first character
    cursor.piece("b\nc"); // straddles the written part
    cursor.piece("\nd\n");
    assertThat(out).hasToString("c\nd\n");
  }

  @Test
  void aReconnectedStreamRepeatsNothing() {
    LogCursor cursor = new LogCursor(out::append, 0);
    cursor.restart();
    cursor.piece("one\n");
    cursor.restart(); // broke off; the next connection sends the log from its start
    cursor.piece("one\ntwo\n");
    cursor.piece("three\n");
    assertThat(out).hasToString("one\ntwo\nthree\n");
  }

  @Test
  void aDownloadAfterAStreamAddsOnlyWhatTheStreamHeldBack() {
    LogCursor cursor = new LogCursor(out::append, 0);
    cursor.restart();
    cursor.piece("done\n");
    cursor.whole("done\n"); // nothing new
    cursor.whole("done\nno newline"); // a last line the stream never sent
    assertThat(out).hasToString("done\nno newline");
  }

  @Test
  void aShorterDownloadWritesNothing() {
    LogCursor cursor = new LogCursor(out::append, 10);
    cursor.whole("short");
    cursor.restart();
    cursor.piece("0123456789");
    assertThat(out).isEmpty();
  }
}
