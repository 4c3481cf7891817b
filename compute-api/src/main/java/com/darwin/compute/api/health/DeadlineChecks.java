package com.darwin.compute.api.health;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a health check on a thread of its own and stops waiting at a deadline. A dependency that
 * keeps its connections open but answers nothing (a frozen server, a hung API server) would
 * otherwise hold the health request for as long as its client's own timeouts and retries last.
 *
 * <p>A check that outlived its deadline is not started again while it runs: the next health request
 * waits on the same one. Its client's timeout ends it (a blocked socket read ignores interrupts),
 * so probes every few seconds against a hung dependency hold one thread per check, not one per
 * request.
 */
@Component
class DeadlineChecks implements DisposableBean {

  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "health-check");
            t.setDaemon(true);
            return t;
          });
  private final ConcurrentMap<String, Future<?>> running = new ConcurrentHashMap<>();

  /**
   * The result of the check named {@code name} (a new run, or the one still running), {@link
   * TimeoutException} past the deadline; {@link ExecutionException} carries what the check threw.
   */
  <T> T within(String name, Duration deadline, Callable<T> check)
      throws TimeoutException, ExecutionException, InterruptedException {
    return start(name, check).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The check named {@code name}, started now unless it is still running; for a caller that waits
   * on several at once. After shutdown it is a failed check.
   */
  <T> Future<T> start(String name, Callable<T> check) {
    try {
      @SuppressWarnings("unchecked")
      Future<T> run =
          (Future<T>)
              running.compute(
                  name,
                  (key, last) -> last == null || last.isDone() ? threads.submit(check) : last);
      return run;
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
