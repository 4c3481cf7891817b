package com.darwin.compute.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Temp directories owned by one JVM, and clean-up of those left behind by JVMs that were killed
 * (kill -9, a crashed build) before their shutdown hooks ran. MariaDB's directory alone holds ~330
 * MB, so leftovers would soon fill /tmp on a build machine.
 */
final class RunDirectories {

  static final String OWNER_FILE = "owner.pid";

  private RunDirectories() {}

  /** Every prefix the sandbox uses, so that whichever part starts first cleans up for all. */
  static final List<String> PREFIXES = List.of("darwin-es-", "darwin-mariadb-");

  /** Sweeps leftovers of killed JVMs, then creates a fresh directory marked as ours. */
  static Path create(String prefix) {
    PREFIXES.forEach(RunDirectories::sweep);
    try {
      Path directory = Files.createTempDirectory(prefix);
      Files.writeString(
          directory.resolve(OWNER_FILE), String.valueOf(ProcessHandle.current().pid()));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temp directory " + prefix + "*", e);
    }
  }

  /**
   * Deletes {@code prefix*} directories whose owning JVM is gone, after killing any process still
   * running from them (a mariadbd has no parent-death signal and outlives a killed JVM).
   */
  static void sweep(String prefix) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> directories = Files.newDirectoryStream(tmp, prefix + "*")) {
      for (Path directory : directories) {
        Optional<Long> owner = owner(directory);
        if (owner.isEmpty()
            || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue; // not ours, still being set up, or its JVM is alive
        }
        killProcessesRunningFrom(directory);
        DirectoryTrees.deleteQuietly(directory);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a leftover must never stop the sandbox from starting.
    }
  }

  private static Optional<Long> owner(Path directory) {
    try {
      return Optional.of(Long.parseLong(Files.readString(directory.resolve(OWNER_FILE)).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void killProcessesRunningFrom(Path directory) {
    String path = directory.toString();
    ProcessHandle.allProcesses()
        .filter(
            process -> process.info().commandLine().map(line -> line.contains(path)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
  }
}
