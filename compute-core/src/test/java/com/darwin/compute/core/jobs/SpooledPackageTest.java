package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpooledPackageTest {

  @TempDir Path directory;

  /** A zip-looking body of {@code size} bytes. */
  private static byte[] zip(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 7);
    bytes[0] = 'P';
    bytes[1] = 'K';
    return bytes;
  }

  private long spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }

  @Test
  void aPackageUpToTheLimitIsKeptWholeInAFileThatCloseDeletes() throws IOException {
    byte[] body = zip(200_000);
    Path file;
    try (SpooledPackage spooled =
        SpooledPackage.of(new ByteArrayInputStream(body), 200_000, directory).get()) {
      file = spooled.file();
      assertThat(spooled.size()).isEqualTo(200_000);
      assertThat(spooled.looksLikeZip()).isTrue();
      assertThat(Files.readAllBytes(file)).isEqualTo(body);
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void aPackageOverTheLimitIsRefusedAfterReadingOneByteMoreAndLeavesNoFile() throws IOException {
    CountingStream body = new CountingStream(new ByteArrayInputStream(zip(300_000)));

    Optional<SpooledPackage> spooled = SpooledPackage.of(body, 100_000, directory);

    assertThat(spooled).isEmpty();
    assertThat(body.read).isEqualTo(100_001);
    assertThat(spoolFiles()).isZero();
  }

  @Test
  void whatDoesNotStartAsAZipIsToldApart() throws IOException {
    try (SpooledPackage text =
            SpooledPackage.of(new ByteArrayInputStream("hello".getBytes()), 100, directory).get();
        SpooledPackage tiny =
            SpooledPackage.of(new ByteArrayInputStream(zip(3)), 100, directory).get()) {
      assertThat(text.looksLikeZip()).isFalse();
      assertThat(tiny.looksLikeZip()).isFalse();
    }
  }

  @Test
  void aBodyThatBreaksOffLeavesNoFile() throws IOException {
    // 70,000 bytes, then the connection breaks (as a servlet stream does when the client leaves).
    InputStream broken =
        new InputStream() {
          private final InputStream first = new ByteArrayInputStream(zip(70_000));

          @Override
          public int read() throws IOException {
            throw new UnsupportedOperationException("read in blocks");
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = first.read(b, off, len);
            if (n < 0) {
              throw new IOException("client went away");
            }
            return n;
          }
        };

    assertThatThrownBy(() -> SpooledPackage.of(broken, 1_000_000, directory))
        .isInstanceOf(SpooledPackage.BrokenOff.class)
        .hasMessage("the upload broke off after 70000 bytes: client went away");
    assertThat(spoolFiles()).isZero();
  }

  private static final class CountingStream extends InputStream {
    private final InputStream in;
    long read;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      read += Math.max(n, 0);
      return n;
    }
  }

  @Test
  void aStartDeletesOnlyPackagesUntouchedSinceTheCutoff() throws IOException {
    Instant now = Instant.parse("2026-12-03T12:00:00Z");
    Path abandoned = Files.createTempFile(directory, SpooledPackage.PREFIX, SpooledPackage.SUFFIX);
    Path recent = Files.createTempFile(directory, SpooledPackage.PREFIX, SpooledPackage.SUFFIX);
    Path other = Files.createTempFile(directory, "someone-elses-", ".zip");
    Files.setLastModifiedTime(abandoned, FileTime.from(now.minusSeconds(7200)));
    Files.setLastModifiedTime(recent, FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(other, FileTime.from(now.minusSeconds(7200)));

    assertThat(SpooledPackage.deleteAbandoned(directory, now.minusSeconds(3600))).isEqualTo(1);

    assertThat(abandoned).doesNotExist();
    assertThat(recent).exists();
    assertThat(other).exists();
  }
}
