package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock around mariadb-install-db: one holder at a time, whether the other is a thread of this
 * JVM (two sandboxes in one test JVM) or another process (the other test JVM of a build).
 */
class MachineLockTest {

  @TempDir Path directory;

  @Test
  void anotherThreadWaitsUntilItIsReleased() throws Exception {
    assertAnotherThreadWaitsUntilReleased(MachineLock.of(directory.resolve("install.lock")));
  }

  @Test
  @Timeout(60) // a holder that never starts must not hang the build
  void anotherProcessHoldingItIsWaitedFor() throws Exception {
    Path file = directory.resolve("install.lock");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MachineLockHolder.class.getName(),
                file.toString())
            // Only its own line on stdout: a JVM warning ("Picked up JAVA_TOOL_OPTIONS") goes to
            // stderr.
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("the holder's first line").isEqualTo("held");
      CompletableFuture<Void> acquired =
          CompletableFuture.runAsync(() -> MachineLock.of(file).acquire().close(), other);
      assertWaits(acquired);
      holder.getOutputStream().close(); // the holder lets go and exits
      acquired.get(20, TimeUnit.SECONDS);
    } finally {
      holder.destroyForcibly();
      other.shutdownNow();
    }
  }

  @Test
  void oneFileIsOneLockAndTheHoldingThreadCannotTakeItTwice() {
    Path file = directory.resolve("install.lock");
    assertThat(MachineLock.of(file)).isSameAs(MachineLock.of(directory.resolve("./install.lock")));
    try (MachineLock.Held held = MachineLock.of(file).acquire()) {
      assertThatThrownBy(() -> MachineLock.of(file).acquire())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already held");
    }
    MachineLock.of(file).acquire().close(); // released whole
  }

  @Test
  void aFileThatCannotBeOpenedStillKeepsThisJvmsThreadsApart() throws Exception {
    // No exception from acquire: the start goes on.
    assertAnotherThreadWaitsUntilReleased(
        MachineLock.of(directory.resolve("missing/install.lock")));
  }

  private static void assertAnotherThreadWaitsUntilReleased(MachineLock lock) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Void> acquired;
      try (MachineLock.Held held = lock.acquire()) {
        acquired = CompletableFuture.runAsync(() -> lock.acquire().close(), other);
        assertWaits(acquired);
      }
      acquired.get(10, TimeUnit.SECONDS);
    } finally {
      other.shutdownNow();
    }
  }

  private static void assertWaits(CompletableFuture<Void> acquired) throws Exception {
    try {
      acquired.get(500, TimeUnit.MILLISECONDS);
      throw new AssertionError("acquired while another held the lock");
    } catch (TimeoutException expected) {
      assertThat(acquired).isNotDone();
    }
  }
}
