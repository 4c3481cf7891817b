package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

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
