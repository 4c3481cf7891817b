package com.darwin.compute.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterJobFailuresTest {

  /** An exception's message can be any length; Slack refuses a post that is too long. */
  @Test
  void theErrorInAFailureAlertIsBounded() {
    assertThat(ClusterJobFailures.errorText(new IllegalStateException("short"))).isEqualTo("short");
    assertThat(ClusterJobFailures.errorText(new IllegalStateException()))
        .isEqualTo("java.lang.IllegalStateException");
    String cut = ClusterJobFailures.errorText(new IllegalStateException("x".repeat(100_000)));
    assertThat(cut)
        .hasSize(ClusterJobFailures.MAX_ERROR_TEXT + " [cut]".length())
        .endsWith("[cut]");
  }
}
