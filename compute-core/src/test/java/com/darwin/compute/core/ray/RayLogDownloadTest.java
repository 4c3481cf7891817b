package com.darwin.compute.core.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The dashboard's log answer read as it comes: what is kept of it, and what is refused. */
class RayLogDownloadTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static String answer(String log) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("logs", log);
    return MAPPER.writeValueAsString(body);
  }

  private static String read(String answer, int limit) throws IOException {
    return RayLogDownload.read(new StringReader(answer), limit);
  }

  @Test
  void aLogWithinTheLimitIsReadWholeWithItsEscapesDecoded() throws IOException {
    String log = "step 1 \"ok\"\n\tpath C:\\tmp/x\r\nnaïve → 漢字 😀 \u0001\u001f\n";
    assertThat(read(answer(log), 1000)).isEqualTo(log);
    assertThat(read(answer(log), log.length())).isEqualTo(log);
  }

  @Test
  void aLongerLogKeepsItsLastPartFromItsFirstWholeLine() throws IOException {
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 5000; i++) {
      log.append("line ").append(i).append('\n');
    }
    String read = read(answer(log.toString()), 1000);

    assertThat(read)
        .startsWith("[LOG TRUNCATED by the control plane: the last ")
        .contains(" characters of " + log.length() + " follow]\n")
        .endsWith("line 5000\n");
    String kept = read.substring(read.indexOf("]\n") + 2);
    assertThat(kept.length()).isLessThanOrEqualTo(1000);
    assertThat(log.toString()).endsWith(kept);
    // From a whole line on: the one before it ends where the kept part begins.
    assertThat(log.charAt(log.length() - kept.length() - 1)).isEqualTo('\n');
    assertThat(kept).startsWith("line ");
  }

  @Test
  void aLongLineWithoutBreaksIsCutAtTheLimitNeverHalfACharacter() throws IOException {
    String log = "😀".repeat(1000); // surrogate pairs, no line break
    String read = read(answer(log), 101);
    String kept = read.substring(read.indexOf("]\n") + 2);
    assertThat(Character.isLowSurrogate(kept.charAt(0))).isFalse();
    assertThat(kept).isEqualTo("😀".repeat(50));
  }

  @Test
  void aCutAtALineStartKeepsThatLineAndALongLineIsKeptFromTheCut() throws IOException {
    String lines = "line1\nline2\nline3\n";
    assertThat(read(answer(lines), 6))
        .isEqualTo(
            "[LOG TRUNCATED by the control plane: the last 6 characters of 18 follow]\nline3\n");
    String shortLines = "ab\n".repeat(100);
    assertThat(read(answer(shortLines), 30)).endsWith(" follow]\n" + "ab\n".repeat(10));
    // A progress bar's hours on one line, then the end: the line's last part stays.
    String log = "x".repeat(10_000) + "\ndone\n";
    String read = read(answer(log), 1000);
    assertThat(read.substring(read.indexOf("]\n") + 2)).isEqualTo("x".repeat(994) + "\ndone\n");
  }

  @Test
  void otherFieldsInAnyOrderAndAMissingOrNullLogAreReadAsWhatTheyAre() throws IOException {
    assertThat(
            read(
                "{ \"a\": {\"x\": [1, \"}\", {\"y\": null}]}, \"n\": -1.5e3, \"t\": true,"
                    + " \"logs\" : \"hi\\n\", \"z\": \"\\\"\" }",
                100))
        .isEqualTo("hi\n");
    assertThat(read("{}", 100)).isEmpty();
    assertThat(read(" \r\n{\"logs\": \"a\"} \n", 100)).isEqualTo("a");
    assertThat(read("{\"logs\": null}", 100)).isEmpty();
    assertThat(read("{\"other\": \"x\"}", 100)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "<html>502 Bad Gateway</html>",
        "{\"logs\": \"cut off",
        "{\"logs\": \"x\" \"y\": 1}",
        "{\"logs\": \"\\q\"}",
        "{\"logs\": \"\\u12g4\"}",
        "{\"logs\": \"x\",",
        "{\"a\": [1, 2}"
      })
  void anAnswerThatIsNotSuchAnObjectIsRefused(String answer) {
    assertThatThrownBy(() -> read(answer, 100)).isInstanceOf(IOException.class);
  }

  @Test
  void aLogMuchLargerThanTheLimitIsReadToItsEndKeepingItsLastPart() throws IOException {
    // 64 MB of log through a 1 MB limit, from a reader that makes it as it is read.
    int lines = 1 << 20;
    Reader generated =
        new Reader() {
          private final String head = "{\"logs\": \"";
          private long at;
          private final long size = head.length() + (long) lines * 64 + 2;

          @Override
          public int read(char[] buffer, int offset, int length) {
            if (at >= size) {
              return -1;
            }
            int n = 0;
            while (n < length && at < size) {
              buffer[offset + n++] = charAt(at++);
            }
            return n;
          }

          private char charAt(long i) {
            if (i < head.length()) {
              return head.charAt((int) i);
            }
            long body = i - head.length();
            if (body == (long) lines * 64) {
              return '"';
            }
            if (body > (long) lines * 64) {
              return '}';
            }
            // 62 characters, then an escaped line break (two characters in the answer).
            int column = (int) (body % 64);
            return column < 62 ? 'x' : column == 62 ? '\\' : 'n';
          }

          @Override
          public void close() {}
        };
    String read = RayLogDownload.read(generated, 1 << 20);
    assertThat(read).startsWith("[LOG TRUNCATED").endsWith("x\n");
    assertThat(read.length()).isLessThan((1 << 20) + 100);
    assertThat(read).contains(" characters of " + (long) lines * 63 + " follow]");
  }
}
