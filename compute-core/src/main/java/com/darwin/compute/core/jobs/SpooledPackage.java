package com.darwin.compute.core.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An uploaded working directory, held in a temporary file while it is checked and sent on to Ray,
 * and deleted when closed.
 *
 * <p>Not in memory: a package may be as large as {@code compute.jobs.max-package-size} (100 MB by
 * default) while the service's heap is half of the chart's 512 MiB limit. Read into one array, a
 * single upload took twice its size at its peak (the pieces read, then the array they were copied
 * into), and two at once could exhaust the heap of every request on the replica. Here an upload
 * holds one buffer; the disk it takes is bounded by {@code compute.jobs.max-concurrent-uploads}.
 *
 * @param looksLikeZip whether it starts as a zip archive does
 */
record SpooledPackage(Path file, long size, boolean looksLikeZip) implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SpooledPackage.class);

  private static final int BUFFER = 64 * 1024;

  static final String PREFIX = "darwin-ray-package-";

  static final String SUFFIX = ".zip";

  /**
   * Deletes the packages in {@code directory} last written before {@code before}: left by a process
   * that was killed while it held them (a closed package deletes its file). A package being spooled
   * is written to as it arrives, and one spooled is sent on within a request's timeout, so a file
   * untouched for an hour is no one's, even on a volume replicas share.
   *
   * @return how many were deleted
   */
  static int deleteAbandoned(Path directory, Instant before) {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(before)
              && Files.deleteIfExists(file)) {
            deleted++;
          }
        } catch (IOException e) {
          log.warn("Could not delete the abandoned upload {}: {}", file, e.toString());
        }
      }
    } catch (IOException e) {
      log.warn("Could not list the uploads in {}: {}", directory, e.toString());
    }
    if (deleted > 0) {
      log.info("Deleted {} abandoned upload(s) from {}", deleted, directory);
    }
    return deleted;
  }

  /** The upload's body could not be read to its end: the client left, or stalled past a timeout. */
  static final class BrokenOff extends IOException {
    BrokenOff(long received, IOException cause) {
      super("the upload broke off after " + received + " bytes: " + cause.getMessage(), cause);
    }
  }

  /**
   * Copies {@code body} into a new file in {@code directory}, reading at most {@code max + 1}
   * bytes.
   *
   * @return the package, or empty when the body is larger than {@code max} (nothing is kept then;
   *     the rest of the body is not read)
   * @throws BrokenOff when the body cannot be read to its end (nothing is kept)
   * @throws IOException when the file cannot be written (nothing is kept)
   */
  static Optional<SpooledPackage> of(InputStream body, long max, Path directory)
      throws IOException {
    Path file = Files.createTempFile(directory, PREFIX, SUFFIX);
    boolean kept = false;
    try {
      long size = 0;
      byte[] first = new byte[2];
      int firstRead = 0;
      byte[] buffer = new byte[BUFFER];
      try (OutputStream out = Files.newOutputStream(file)) {
        while (true) {
          int n;
          try {
            n = body.read(buffer, 0, (int) Math.min(buffer.length, max + 1 - size));
          } catch (IOException e) {
            throw new BrokenOff(size, e);
          }
          if (n < 0) {
            break;
          }
          for (int i = 0; i < n && firstRead < first.length; i++) {
            first[firstRead++] = buffer[i];
          }
          size += n;
          if (size > max) {
            return Optional.empty();
          }
          out.write(buffer, 0, n);
        }
      }
      // A zip archive starts with "PK" (a local file header, or the end record of an empty one).
      boolean zip = size >= 4 && first[0] == 'P' && first[1] == 'K';
      kept = true;
      return Optional.of(new SpooledPackage(file, size, zip));
    } finally {
      if (!kept) {
        // Never thrown: it would take the place of the reason the upload was not kept.
        delete(file).ifPresent(e -> log.warn("Could not delete {}: {}", file, e.toString()));
      }
    }
  }

  /** Deletes the file; a failure is logged, not thrown: the upload itself has been answered. */
  @Override
  public void close() {
    delete(file).ifPresent(e -> log.warn("Could not delete {}: {}", file, e.toString()));
  }

  private static Optional<IOException> delete(Path file) {
    try {
      Files.deleteIfExists(file);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e);
    }
  }
}
