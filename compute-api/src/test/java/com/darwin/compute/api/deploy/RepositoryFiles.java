package com.darwin.compute.api.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root (the tests run in compute-api/). */
final class RepositoryFiles {

  private RepositoryFiles() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("helm"))) {
        return dir;
      }
    }
    throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
  }
}
