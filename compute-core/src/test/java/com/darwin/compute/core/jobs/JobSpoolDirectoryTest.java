package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.config.JobProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Where uploads wait: {@code compute.jobs.spool-directory}, checked when the service starts. */
class JobSpoolDirectoryTest {

  @TempDir Path root;

  static JobProperties spoolingIn(Path directory) {
    return new JobProperties(
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofMinutes(45),
        DataSize.ofMegabytes(100),
        4,
        Duration.ofSeconds(1),
        Duration.ofHours(1),
        directory,
        DataSize.ofKilobytes(64),
        DataSize.ofMegabytes(16),
        Duration.ofMinutes(2),
        4);
  }

  @Test
  void unsetItIsTheTemporaryDirectory() {
    assertThat(JobService.spoolDirectory(spoolingIn(null)))
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Test
  void aMissingOneIsMadeWithItsParents() {
    Path wanted = root.resolve("volume/uploads");
    assertThat(JobService.spoolDirectory(spoolingIn(wanted))).isEqualTo(wanted);
    assertThat(wanted).isDirectory();
  }

  @Test
  void oneThatCannotBeADirectoryStopsTheStartNamingTheSetting() throws IOException {
    Path file = Files.writeString(root.resolve("taken"), "not a directory");
    assertThatThrownBy(() -> JobService.spoolDirectory(spoolingIn(file)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("compute.jobs.spool-directory")
        .hasMessageContaining(file.toString());
  }

  @Test
  void aStartDeletesWhatAKilledProcessLeftInIt() throws IOException {
    Instant now = Instant.parse("2026-12-03T12:00:00Z");
    Path left = Files.createTempFile(root, SpooledPackage.PREFIX, SpooledPackage.SUFFIX);
    Files.setLastModifiedTime(left, FileTime.from(now.minus(Duration.ofHours(2))));

    new JobService(null, null, null, spoolingIn(root), Clock.fixed(now, ZoneOffset.UTC));

    assertThat(left).doesNotExist();
  }
}
