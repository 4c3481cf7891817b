package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ColumnTextTest {

  @Test
  void textWithinTheWidthIsKeptAndLongerTextIsCutToIt() {
    assertThat(ColumnText.fitted(null, 4)).isNull();
    assertThat(ColumnText.fitted("abcd", 4)).isEqualTo("abcd");
    assertThat(ColumnText.fitted("abcdef", 4)).isEqualTo("abcd");
  }

  @Test
  void aCharacterOutsideTheBasicPlaneIsNotCutInHalf() {
    String text = "abc\uD83D\uDE00def"; // U+1F600 takes the fourth and fifth chars
    assertThat(ColumnText.fitted(text, 4)).isEqualTo("abc");
    assertThat(ColumnText.fitted(text, 5)).isEqualTo("abc\uD83D\uDE00");
  }

  @Test
  void textCutInItsMiddleKeepsAQuarterOfItsStartAndTheRestOfItsEnd() {
    assertThat(ColumnText.fittedKeepingBothEnds(null, 100)).isNull();
    assertThat(ColumnText.fittedKeepingBothEnds("short", 100)).isEqualTo("short");
    String text = "exit code 1\n" + "x".repeat(10_000) + "\nthe last line";
    String fitted = ColumnText.fittedKeepingBothEnds(text, 1_000);
    // The count has one digit fewer than the longest it was sized for.
    assertThat(fitted).hasSize(999).startsWith("exit code 1\n").endsWith("x\nthe last line");
    assertThat(cutCount(fitted))
        .isEqualTo(text.length() - (fitted.length() - marker(fitted).length()));
    assertThat(fitted.indexOf(marker(fitted))).isBetween(200, 260);
  }

  @Test
  void textCutInItsMiddleSplitsNoCharacterOutsideTheBasicPlaneAtAnyWidth() {
    String text = "\uD83D\uDE00".repeat(5_000); // U+1F600, two chars each
    for (int width = 40; width <= 1_100; width++) {
      String fitted = ColumnText.fittedKeepingBothEnds(text, width);
      assertThat(fitted.length()).as("width %d", width).isLessThanOrEqualTo(width);
      String marker = marker(fitted);
      int at = fitted.indexOf(marker);
      String head = fitted.substring(0, at);
      String tail = fitted.substring(at + marker.length());
      assertThat(head).as("width %d", width).isNotEmpty().matches("(\uD83D\uDE00)+");
      assertThat(tail).as("width %d", width).isNotEmpty().matches("(\uD83D\uDE00)+");
      assertThat(cutCount(fitted)).isEqualTo(text.length() - head.length() - tail.length());
    }
  }

  @Test
  void aWidthTooSmallForTheMarkerIsCutAtTheEnd() {
    assertThat(ColumnText.fittedKeepingBothEnds("abcdefghij".repeat(10), 8)).isEqualTo("abcdefgh");
  }

  private static final java.util.regex.Pattern MARKER =
      java.util.regex.Pattern.compile("\n\\[\\.\\.\\. (\\d+) characters cut \\.\\.\\.\\]\n");

  private static String marker(String fitted) {
    java.util.regex.Matcher m = MARKER.matcher(fitted);
    assertThat(m.find()).as("a marker in %s", fitted).isTrue();
    return m.group();
  }

  private static int cutCount(String fitted) {
    java.util.regex.Matcher m = MARKER.matcher(fitted);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void aRayJobsMessageFitsItsTextColumnInBytes() {
    RayJobEntity job =
        new RayJobEntity(
            "c", "j", "python x.py", "{}", "u@example.com", "run", null, null, Instant.EPOCH);
    job.observe(
        com.darwin.compute.model.job.JobStatus.FAILED,
        "\uD83D\uDE00".repeat(20_000),
        Instant.EPOCH,
        Instant.EPOCH,
        1);
    // A TEXT column holds 65,535 bytes.
    assertThat(job.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(65_535);
  }

  @Test
  void aClusterStatusMessageIsCutToItsColumn() {
    ClusterEntity cluster =
        new ClusterEntity(
            "id-a", "a", "u@example.com", "0.0", "sandbox", "ray", null, false, 30, null);
    String message = "KubeRay rejected the spec: " + "x".repeat(2_000);
    cluster.changeStatus(cluster.getStatus(), message, java.time.Instant.EPOCH);
    assertThat(cluster.getStatusMessage())
        .hasSize(ClusterEntity.STATUS_MESSAGE_LENGTH)
        .isEqualTo(message.substring(0, ClusterEntity.STATUS_MESSAGE_LENGTH));
  }
}
