package com.darwin.compute.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTextTest {

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with four digits. */
  private static final long FIRST = -62_167_219_200L;

  private static final long LAST = 253_402_300_799L;

  @Test
  void writesWhatInstantToStringWritesForEveryGrainOfFraction() {
    SplittableRandom random = new SplittableRandom(21);
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(FIRST, LAST + 1), nanos(random, i));
      assertThat(IsoInstantText.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void writesTheEdgesOfFourDigitYearsAndBeyondThemAsTheJdkDoes() {
    for (Instant instant :
        new Instant[] {
          Instant.EPOCH,
          Instant.ofEpochSecond(-1),
          Instant.ofEpochSecond(-1, 999_999_999),
          Instant.ofEpochSecond(FIRST),
          Instant.ofEpochSecond(FIRST - 1),
          Instant.ofEpochSecond(LAST, 999_999_999),
          Instant.ofEpochSecond(LAST + 1),
          Instant.MIN,
          Instant.MAX,
          Instant.parse("2024-02-29T12:00:00.100Z")
        }) {
      assertThat(IsoInstantText.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void readsWhatInstantToStringWrites() {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(FIRST, LAST + 1), nanos(random, i));
      assertThat(IsoInstantText.parseUtc(instant.toString())).isEqualTo(instant);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-01T23:48:53Z",
        "2026-12-01T23:48:53.1Z",
        "2026-12-01T23:48:53.12Z",
        "2026-12-01T23:48:53.1234Z",
        "2026-12-01T23:48:53.12345Z",
        "2026-12-01T23:48:53.1234567Z",
        "2026-12-01T23:48:53.12345678Z",
        "2026-12-01T23:48:53.123456789Z",
        "2024-02-29T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z"
      })
  void readsAnyNumberOfFractionDigitsAsTheJdkDoes(String text) {
    assertThat(IsoInstantText.parseUtc(text)).isEqualTo(Instant.parse(text));
  }

  /** Left to the JDK: what it reads (offsets, case, leap seconds) and what it refuses. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-01T23:48:53+01:00",
        "2026-12-01t23:48:53z",
        "2026-12-01T23:59:60Z",
        "2026-12-01T24:00:00Z",
        "2023-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-12-00T00:00:00Z",
        "2026-12-01T23:60:00Z",
        "2026-12-01T23:48:53.Z",
        "2026-12-01T23:48:53.1234567890Z",
        "2026-12-01T23:48:53,1Z",
        "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "2026-1a-01T00:00:00Z",
        "2026-12-01 23:48:53Z",
        "2026-12-01T23:48:5Z",
        "2026-12-01",
        ""
      })
  void leavesEveryOtherShapeToTheJdk(String text) {
    assertThat(IsoInstantText.parseUtc(text)).isNull();
  }

  /** Whole seconds, milliseconds, microseconds and nanoseconds in turn. */
  private static int nanos(SplittableRandom random, int i) {
    return switch (i % 4) {
      case 0 -> 0;
      case 1 -> random.nextInt(1_000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1_000;
      default -> random.nextInt(1_000_000_000);
    };
  }
}
