package com.darwin.compute.api.health;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Runs a health check on a thread of its own and stops waiting at a deadline. A dependency that
 * keeps its connections open but answers nothing (a frozen server, a hung API server) would
 * otherwise hold the health request for as long as its client's own timeouts and retries last. The
 * abandoned check is interrupted and ends by its client's timeout; the health answer does not wait.
 */
@Component
@EnableConfigurationProperties(HealthProperties.class)
class DeadlineChecks implements DisposableBean {

  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "health-check");
            t.setDaemon(true);
            return t;
          });

  /**
   * The check's result, or {@link TimeoutException} past the deadline; {@link ExecutionException}
   * carries what the check threw.
   */
  <T> T within(Duration deadline, Callable<T> check)
      throws TimeoutException, ExecutionException, InterruptedException {
    Future<T> running = threads.submit(check);
    try {
      return running.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      running.cancel(true);
      throw e;
    }
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
