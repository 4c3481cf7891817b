package com.darwin.compute.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/** Run in a child JVM by {@link MachineLockTest}: holds a lock until its standard input closes. */
public final class MachineLockHolder {

  private MachineLockHolder() {}

  public static void main(String[] args) throws IOException {
    try (MachineLock.Held held = MachineLock.of(Path.of(args[0])).acquire()) {
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes our input
      }
    }
  }
}
