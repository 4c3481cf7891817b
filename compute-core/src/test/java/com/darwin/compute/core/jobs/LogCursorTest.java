package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogCursorTest {

  private final StringBuilder out = new StringBuilder();

  @Test
  void aStreamPassesOnlyWhatLiesPastTheDownloadedPart() {
    LogCursor cursor = new LogCursor(out::append, "a\nb\n"); // downloaded first (written or not)
    cursor.restart();
    cursor.piece("a\n"); // the stream starts again from the first character
    cursor.piece("b\nc"); // straddles the downloaded part
    cursor.piece("\nd\n");
    assertThat(out).hasToString("c\nd\n");
  }

  @Test
  void aReconnectedStreamRepeatsNothing() {
    LogCursor cursor = new LogCursor(out::append, "");
    cursor.restart();
    cursor.piece("one\n");
    cursor.restart(); // broke off; the next connection sends the log from its start
    cursor.piece("one\ntwo\n");
    cursor.piece("three\n");
    assertThat(out).hasToString("one\ntwo\nthree\n");
  }

  @Test
  void aDownloadAfterAStreamAddsOnlyWhatTheStreamMissed() {
    LogCursor cursor = new LogCursor(out::append, "");
    cursor.restart();
    cursor.piece("done\n");
    cursor.whole("done\n"); // nothing new
    cursor.whole("done\nlast words\n"); // written after Ray's stream had ended
    assertThat(out).hasToString("done\nlast words\n");
  }

  @Test
  void aShorterDownloadWritesNothing() {
    LogCursor cursor = new LogCursor(out::append, "0123456789");
    cursor.whole("short");
    cursor.restart();
    cursor.piece("0123456789");
    assertThat(out).isEmpty();
  }

  /** Lines {@code from} to {@code to - 1}, each distinct, about 30 characters. */
  private static String lines(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> "step " + i + " loss 0." + (1000 + i) + "\n")
        .collect(Collectors.joining());
  }

  private static String truncated(String window) {
    return LogCursor.TRUNCATED + " — showing last 16 MiB of 20.0 MiB total]\n" + window;
  }

  @Test
  void afterAShortenedDownloadTheStreamIsPlacedByContentNotByLength() {
    String log = lines(0, 1000);
    // Ray sent only the last 300 lines, after its truncation line: lengths no longer match.
    String first = truncated(lines(700, 1000));
    LogCursor cursor = new LogCursor(out::append, first);
    cursor.restart();
    for (int i = 0; i < log.length(); i += 777) { // the whole log again, in pieces
      cursor.piece(log.substring(i, Math.min(log.length(), i + 777)));
    }
    cursor.piece(lines(1000, 1003));
    assertThat(out).hasToString(lines(1000, 1003));
  }

  @Test
  void shortenedDownloadsFollowOneAnotherByContent() {
    LogCursor cursor = new LogCursor(out::append, truncated(lines(700, 1000)));
    cursor.whole(truncated(lines(705, 1004))); // the window moved on by four lines
    cursor.whole(truncated(lines(705, 1004))); // nothing new
    assertThat(out).hasToString(lines(1000, 1004));
  }

  @Test
  void aPlaceThatScrolledOutOfRaysWindowShowsTheGapAndFindsItsWayBack() {
    LogCursor cursor = new LogCursor(out::append, truncated(lines(700, 1000)));
    String jumped = truncated(lines(5000, 5300)); // more than the window in one interval
    cursor.whole(jumped);
    assertThat(out).hasToString(jumped); // the truncation line says there is a gap
    out.setLength(0);
    cursor.restart();
    cursor.piece(lines(0, 5300)); // the stream, from the first line
    cursor.piece(lines(5300, 5302));
    assertThat(out).hasToString(lines(5300, 5302));
  }

  @Test
  void placedByContentOnceThePositionsAreKnownAgainByLength() {
    LogCursor cursor = new LogCursor(out::append, truncated(lines(700, 1000)));
    cursor.restart();
    cursor.piece(lines(0, 1001)); // placed by content: line 1000 is new
    cursor.restart();
    cursor.piece(lines(0, 1002)); // reconnected: placed by length now
    assertThat(out).hasToString(lines(1000, 1002));
  }
}
