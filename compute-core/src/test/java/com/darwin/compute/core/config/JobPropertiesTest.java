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
}
