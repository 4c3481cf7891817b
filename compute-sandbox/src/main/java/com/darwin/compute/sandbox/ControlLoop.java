package com.darwin.compute.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs every reconcile, tick and test knob of the simulated operator, so that they
 * never interleave: a work queue with de-duplication (like a controller's work queue), timed
 * wake-ups and a periodic tick.
 */
final class ControlLoop {

  private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private record WakeUp(Instant due, ScheduledFuture<?> future) {}

  private final ScheduledExecutorService executor;
  private final Consumer<ClusterKey> reconcile;
  private final Runnable tick;
  private final Set<ClusterKey> queued = ConcurrentHashMap.newKeySet();
  private final Map<ClusterKey, WakeUp> wakeUps = new ConcurrentHashMap<>();
  private volatile Thread thread;

  ControlLoop(String threadName, Consumer<ClusterKey> reconcile, Runnable tick) {
    this.reconcile = reconcile;
    // A periodic task that throws is never run again: one bad object must not end every tick.
    this.tick =
        () -> {
          try {
            tick.run();
          } catch (RuntimeException e) {
            log.warn("[{}] tick failed: {}", threadName, e.toString());
          }
        };
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread created = new Thread(runnable, threadName);
              created.setDaemon(true);
              thread = created;
              return created;
            });
  }

  void startTicking(Duration interval) {
    executor.scheduleWithFixedDelay(
        tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reconciles {@code key} soon; a key already waiting in the queue is not added twice. */
  void enqueue(ClusterKey key) {
    if (!queued.add(key)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            queued.remove(key);
            reconcile.accept(key);
          });
    } catch (RejectedExecutionException closing) {
      queued.remove(key);
    }
  }

  void enqueueAfter(ClusterKey key, Duration delay) {
    wakeAt(key, Instant.now().plus(delay));
  }

  /** Reconciles {@code key} at {@code due}; of several wake-ups only the earliest is kept. */
  void wakeAt(ClusterKey key, Instant due) {
    WakeUp existing = wakeUps.get(key);
    if (existing != null && !existing.future().isDone() && !existing.due().isAfter(due)) {
      return;
    }
    if (existing != null) {
      existing.future().cancel(false);
    }
    long delayMillis = Math.max(0, Duration.between(Instant.now(), due).toMillis()) + 1;
    try {
      wakeUps.put(
          key,
          new WakeUp(
              due, executor.schedule(() -> enqueue(key), delayMillis, TimeUnit.MILLISECONDS)));
    } catch (RejectedExecutionException closing) {
      // Nothing to wake up any more.
    }
  }

  void cancelWakeUp(ClusterKey key) {
    WakeUp wakeUp = wakeUps.remove(key);
    if (wakeUp != null) {
      wakeUp.future().cancel(false);
    }
  }

  /** Runs the tick now (e.g. after a resume) instead of waiting for the next one. */
  void tickNow() {
    try {
      executor.execute(tick);
    } catch (RejectedExecutionException closing) {
      // Nothing to do any more.
    }
  }

  /** Runs {@code task} on the loop thread and waits for its result. */
  <T> T call(Callable<T> task) {
    if (Thread.currentThread() == thread) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return executor.submit(task).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "The simulated operator did not answer in " + CALL_TIMEOUT, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
