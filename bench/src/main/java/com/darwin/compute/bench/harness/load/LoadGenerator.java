package com.darwin.compute.bench.harness.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code threads} threads take operation numbers from a shared
 * counter until {@code operations} have run, each timing its own calls. Closed loop on purpose: the
 * service and its floor get exactly the same treatment, and a request count bounds the run's length
 * on a slow machine as well as on a fast one.
 *
 * <p>The first failure stops every thread and is rethrown: a run with an error has no result.
 */
public final class LoadGenerator {

  private LoadGenerator() {}

  /**
   * Runs operations {@code firstIndex .. firstIndex + operations - 1} on {@code threads} threads.
   */
  public static LatencyStats run(int threads, int operations, int firstIndex, Operation operation)
      throws BenchmarkFailure {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Histogram histogram = LatencyStats.newHistogram();
      histograms.add(histogram);
      Thread worker =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  int i;
                  while (failure.get() == null && (i = next.getAndIncrement()) < operations) {
                    long begin = System.nanoTime();
                    operation.run(firstIndex + i);
                    long took = System.nanoTime() - begin;
                    if (took > LatencyStats.HIGHEST_TRACKABLE_NANOS) {
                      throw new IllegalStateException(
                          "operation " + (firstIndex + i) + " took " + took / 1_000_000 + " ms");
                    }
                    histogram.recordValue(took);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "load-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long begin;
    try {
      ready.await();
      begin = System.nanoTime();
      go.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkFailure("interrupted", e);
    }
    long wall = System.nanoTime() - begin;
    if (failure.get() != null) {
      throw new BenchmarkFailure("an operation failed: " + failure.get(), failure.get());
    }
    Histogram all = LatencyStats.newHistogram();
    histograms.forEach(all::add);
    return new LatencyStats(all, operations, wall, threads);
  }
}
