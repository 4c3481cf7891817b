package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings with which no event could be forwarded are refused at start-up, by name. */
public class EventSinkPropertiesTest {

  /** Chronos's settings as the defaults have them, with this maximum age. */
  public static EventSinkProperties withMaxAge(Duration maxAge) {
    return with("http://chronos:8080", Duration.ofSeconds(2), Duration.ofSeconds(1), 100, maxAge);
  }

  private static EventSinkProperties with(
      String url, Duration timeout, Duration interval, int batchSize) {
    return with(url, timeout, interval, batchSize, Duration.ofDays(1));
  }

  private static EventSinkProperties with(
      String url, Duration timeout, Duration interval, int batchSize, Duration maxAge) {
    return new EventSinkProperties(
        url,
        "compute",
        timeout,
        batchSize,
        interval,
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        maxAge);
  }

  private static EventSinkProperties withUrl(String url) {
    return with(url, Duration.ofSeconds(2), Duration.ofSeconds(1), 100);
  }

  @Test
  void aMaximumAgeOfZeroOrLessIsRefusedByName() {
    assertThatThrownBy(() -> withMaxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.events.sink.max-age");
    assertThatThrownBy(() -> withMaxAge(Duration.ofMinutes(-1)))
        .hasMessageContaining("compute.events.sink.max-age");
    assertThat(withMaxAge(Duration.ofHours(1)).maxAge()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aUrlThatIsNotAnAbsoluteHttpUrlIsRefusedByName() {
    for (String url :
        new String[] {
          "chronos:8080",
          "chronos",
          "/api",
          "ftp://chronos",
          "https://",
          "http://chronos?x=1",
          "http://chronos#top",
          "http://chronos host"
        }) {
      assertThatThrownBy(() -> withUrl(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("compute.events.sink.url")
          .hasMessageContaining(url);
    }
  }

  @Test
  void anHttpOrHttpsUrlOrNoneIsTaken() {
    assertThat(withUrl("http://chronos:8080").enabled()).isTrue();
    assertThat(withUrl("HTTPS://chronos.example.com/events/").enabled()).isTrue();
    assertThat(withUrl(null).enabled()).isFalse();
    // The Helm chart's unset variable: forwarding off, not a URL "".
    assertThat(withUrl("").enabled()).isFalse();
  }

  @Test
  void aTimeoutOrIntervalOfZeroOrLessIsRefusedByName() {
    String url = "http://chronos:8080";
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> with(url, Duration.ZERO, second, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.events.sink.timeout");
    assertThatThrownBy(() -> with(url, Duration.ofSeconds(-2), second, 100))
        .hasMessageContaining("compute.events.sink.timeout");
    assertThatThrownBy(() -> with(url, second, Duration.ZERO, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.events.sink.interval");
    assertThatThrownBy(() -> with(url, second, Duration.ofSeconds(-1), 100))
        .hasMessageContaining("compute.events.sink.interval");
    assertThat(with(url, Duration.ofMillis(1), Duration.ofMillis(1), 100).interval())
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aBatchOfNoEventsIsRefusedByName() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> with("http://chronos:8080", second, second, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.events.sink.batch-size");
    assertThat(with("http://chronos:8080", second, second, 1).batchSize()).isEqualTo(1);
  }
}
