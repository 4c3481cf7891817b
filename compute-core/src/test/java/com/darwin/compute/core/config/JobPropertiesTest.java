package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The largest working directory (within what Ray's dashboard reads) and the least log download. */
class JobPropertiesTest {

  private static JobProperties packagesUpTo(DataSize max) {
    return properties(max, DataSize.ofMegabytes(16));
  }

  private static JobProperties properties(DataSize maxPackage, DataSize maxLogDownload) {
    return properties(maxPackage, maxLogDownload, Duration.ofSeconds(1), 4);
  }

  private static JobProperties properties(
      DataSize maxPackage, DataSize maxLogDownload, Duration followInterval, int downloads) {
    return new JobProperties(
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofMinutes(45),
        maxPackage,
        4,
        followInterval,
        Duration.ofHours(1),
        null,
        DataSize.ofKilobytes(64),
        maxLogDownload,
        Duration.ofMinutes(2),
        downloads);
  }

  /** The defaults but for the Jobs API's timeout, the follower's interval and a download's time. */
  private static JobProperties timed(
      Duration requestTimeout, Duration pollInterval, Duration logDownloadTimeout) {
    return new JobProperties(
        requestTimeout,
        pollInterval,
        Duration.ofMinutes(45),
        DataSize.ofMegabytes(100),
        4,
        Duration.ofSeconds(1),
        Duration.ofHours(1),
        null,
        DataSize.ofKilobytes(64),
        DataSize.ofMegabytes(16),
        logDownloadTimeout,
        2);
  }

  @Test
  void theDefaultStopsOneByteShortOfRaysLimitAndASmallerSettingIsItself() {
    assertThat(packagesUpTo(DataSize.ofMegabytes(100)).largestPackage())
        .isEqualTo(100L * 1024 * 1024 - 1);
    assertThat(packagesUpTo(DataSize.ofMegabytes(10)).largestPackage())
        .isEqualTo(10L * 1024 * 1024);
  }

  @Test
  void aLogDownloadLimitBelowTheLeastStopsTheStart() {
    assertThatThrownBy(() -> properties(DataSize.ofMegabytes(100), DataSize.ofKilobytes(63)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.max-log-download");
  }

  @Test
  void aSettingAboveRaysLimitStopsTheStart() {
    assertThatThrownBy(() -> packagesUpTo(DataSize.ofMegabytes(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.max-package-size");
  }

  @Test
  void noLogDownloadsAtOnceStopsTheStart() {
    assertThatThrownBy(
            () ->
                properties(
                    DataSize.ofMegabytes(100), DataSize.ofMegabytes(16), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.max-concurrent-log-downloads");
  }

  @Test
  void aFollowIntervalUnderTenMillisecondsStopsTheStart() {
    assertThatThrownBy(
            () -> properties(DataSize.ofMegabytes(100), DataSize.ofMegabytes(16), Duration.ZERO, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.follow-interval");
  }

  @Test
  void aJobsApiTimeoutOfZeroOrLessStopsTheStart() {
    Duration poll = Duration.ofSeconds(5);
    Duration download = Duration.ofMinutes(2);
    assertThatThrownBy(() -> timed(Duration.ZERO, poll, download))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.request-timeout");
    assertThatThrownBy(() -> timed(Duration.ofSeconds(-1), poll, download))
        .hasMessageContaining("compute.jobs.request-timeout");
    assertThat(timed(Duration.ofMillis(1), poll, download).requestTimeout())
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aPollIntervalOfZeroOrLessStopsTheStart() {
    Duration request = Duration.ofSeconds(10);
    Duration download = Duration.ofMinutes(2);
    assertThatThrownBy(() -> timed(request, Duration.ZERO, download))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.poll-interval");
    assertThatThrownBy(() -> timed(request, Duration.ofSeconds(-5), download))
        .hasMessageContaining("compute.jobs.poll-interval");
    assertThat(timed(request, Duration.ofMillis(300), download).pollInterval())
        .isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aLogDownloadTimeoutOfZeroOrLessStopsTheStart() {
    Duration request = Duration.ofSeconds(10);
    Duration poll = Duration.ofSeconds(5);
    assertThatThrownBy(() -> timed(request, poll, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.jobs.log-download-timeout");
    assertThatThrownBy(() -> timed(request, poll, Duration.ofMinutes(-1)))
        .hasMessageContaining("compute.jobs.log-download-timeout");
    assertThat(timed(request, poll, Duration.ofSeconds(1)).logDownloadTimeout())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
