package com.darwin.compute.core.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An uploaded working directory, held in a temporary file while it is checked and sent on to Ray,
 * and deleted when closed.
 *
 * <p>Not in memory: a package may be as large as {@code compute.jobs.max-package-size} (100 MB by
 * default) while the service's heap is half of the chart's 512 MiB limit. Read into one array, a
 * single upload took twice its size at its peak (the pieces read, then the array they were copied
 * into), and two at once could exhaust the heap of every request on the replica. Here an upload
 * holds one buffer.
 */
final class SpooledPackage implements AutoCloseable {

  private static final int BUFFER = 64 * 1024;

  private final Path file;
  private final long size;
  private final boolean zip;

  private SpooledPackage(Path file, long size, boolean zip) {
    this.file = file;
    this.size = size;
    this.zip = zip;
  }

  /**
   * Copies {@code body} into a new temporary file, reading at most {@code max + 1} bytes.
   *
   * @return the package, or empty when the body is larger than {@code max} (nothing is kept then;
   *     the rest of the body is not read)
   */
  static Optional<SpooledPackage> of(InputStream body, long max) throws IOException {
    Path file = Files.createTempFile("darwin-ray-package-", ".zip");
    try {
      long size = 0;
      byte[] first = new byte[2];
      int firstRead = 0;
      byte[] buffer = new byte[BUFFER];
      try (OutputStream out = Files.newOutputStream(file)) {
        int n;
        while ((n = body.read(buffer, 0, (int) Math.min(buffer.length, max + 1 - size))) > 0) {
          for (int i = 0; i < n && firstRead < first.length; i++) {
            first[firstRead++] = buffer[i];
          }
          size += n;
          if (size > max) {
            Files.deleteIfExists(file);
            return Optional.empty();
          }
          out.write(buffer, 0, n);
        }
      }
      // A zip archive starts with "PK" (a local file header, or the end record of an empty one).
      boolean zip = size >= 4 && first[0] == 'P' && first[1] == 'K';
      return Optional.of(new SpooledPackage(file, size, zip));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  /** Whether it starts as a zip archive does. */
  boolean looksLikeZip() {
    return zip;
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
