package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventsPathsTest {

  @ParameterizedTest
  @CsvSource({
    "s3://bucket/logs/x, s3a://bucket/logs/x",
    "s3a://bucket/logs/x/, s3a://bucket/logs/x",
    "bucket/logs, s3a://bucket/logs",
    "/bucket/logs, s3a://bucket/logs",
    "///bucket, s3a://bucket",
    "s3-logs/x, s3a://s3-logs/x",
    "s3logs, s3a://s3logs",
    "S3://bucket/x, s3a://bucket/x",
    "s3://my.bucket-1/a=1/b_2/c+d@e, s3a://my.bucket-1/a=1/b_2/c+d@e"
  })
  void s3LocationsAreNormalisedAsThePythonServiceDid(String given, String expected) {
    assertThat(EventsPaths.s3(given)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3n://bucket/x",
        "gs://bucket/x",
        "s3x://bucket",
        "s3://Bad_Bucket/x",
        "s3://ab/x",
        "s3://bucket/a/../b",
        "s3://bucket/./b",
        "s3://bucket//b",
        "s3://bucket/x y",
        "s3://bucket/x;rm",
        "s3://bucket/$(id)",
        "s3://bucket/x\"y",
        "s3://",
        "https://bucket/x"
      })
  void anythingElseIsRefused(String given) {
    assertThatThrownBy(() -> EventsPaths.s3(given)).isInstanceOf(EventsPaths.InvalidPath.class);
  }

  @Test
  void workspacePathsAreAbsoluteUnderTheMount() {
    assertThat(EventsPaths.workspace("spark/eventlogs/id-x", "/home/ray/fsx"))
        .isEqualTo("/home/ray/fsx/spark/eventlogs/id-x");
    assertThat(EventsPaths.workspace("fsx/spark/eventlogs", "/home/ray/fsx"))
        .isEqualTo("/home/ray/fsx/spark/eventlogs");
    assertThat(EventsPaths.workspace("/home/ray/fsx/logs/", "/home/ray/fsx/"))
        .isEqualTo("/home/ray/fsx/logs");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/etc/passwd", "../x", "spark/../../x", "/home/ray/fsx", "fsx/", "a//b", "a b"})
  void workspacePathsThatLeaveItAreRefused(String given) {
    assertThatThrownBy(() -> EventsPaths.workspace(given, "/home/ray/fsx"))
        .isInstanceOf(EventsPaths.InvalidPath.class);
  }
}
