package com.darwin.compute.sandbox;

/**
 * The JVM runs all shutdown hooks at once, so the sandbox's would stop MariaDB and Elasticsearch
 * while Spring's hook is still closing the application on top of them: the reconciler releasing its
 * leases and the scheduled jobs then wait for database connections until their timeouts, long after
 * the JVM should have exited. The sandbox's hooks wait for the application first.
 */
final class ShutdownOrder {

  /** Spring Boot's shutdown hook thread, which closes every application context. */
  static final String APPLICATION_HOOK = "SpringApplicationShutdownHook";

  private static final long GRACE_MILLIS = 25_000;

  private ShutdownOrder() {}

  /** A shutdown hook that first lets the application close, then runs {@code stop}. */
  static Thread hook(String name, Runnable stop) {
    return new Thread(
        () -> {
          awaitApplicationClosed();
          stop.run();
        },
        name);
  }

  private static void awaitApplicationClosed() {
    try {
      // Hooks are started one after another: give Spring's a moment to exist.
      Thread.sleep(100);
      long deadline = System.currentTimeMillis() + GRACE_MILLIS;
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread != Thread.currentThread() && APPLICATION_HOOK.equals(thread.getName())) {
          thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
