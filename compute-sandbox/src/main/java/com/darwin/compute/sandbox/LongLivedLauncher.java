package com.darwin.compute.sandbox;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Spawns child processes from one thread that lives as long as the JVM.
 *
 * <p>Why: {@code setpriv --pdeathsig} (prctl PR_SET_PDEATHSIG) signals the child when the
 * <em>thread</em> that forked it exits, not when the JVM exits. A process started from a pool
 * thread or a test's worker thread would be killed as soon as that thread ends. A single daemon
 * thread that is never released gives the intended "die with the JVM" behaviour.
 */
final class LongLivedLauncher {

  private static final String THREAD_NAME = "sandbox-process-launcher";

  // A one-thread pool never retires its core thread, so the forking thread stays alive.
  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
          });

  private LongLivedLauncher() {}

  static Process start(ProcessBuilder builder) throws IOException {
    if (THREAD_NAME.equals(Thread.currentThread().getName())) {
      return builder.start();
    }
    try {
      return THREAD.submit(builder::start).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting " + builder.command(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("Cannot start " + builder.command(), e.getCause());
    }
  }
}
