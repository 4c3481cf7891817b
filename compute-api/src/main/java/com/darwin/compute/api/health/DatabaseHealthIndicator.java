package com.darwin.compute.api.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database in the health report ({@code components.db}), bounded in time. Spring Boot's own
 * check asks a pooled connection without a timeout, and the pool may try several dead connections
 * one after the other, so with a frozen server health kept waiting. Here the whole check has a
 * deadline ({@code compute.health.database-timeout}, 2 s): past it the database is DOWN. Named so
 * that it replaces Boot's {@code db} indicator.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

  private final DataSource dataSource;
  private final Duration timeout;
  private final ExecutorService checks =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "database-health");
            t.setDaemon(true);
            return t;
          });

  DatabaseHealthIndicator(
      DataSource dataSource, @Value("${compute.health.database-timeout:2s}") Duration timeout) {
    this.dataSource = dataSource;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    long begin = System.nanoTime();
    CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::valid, checks);
    try {
      boolean valid = check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return (valid ? Health.up() : Health.down())
          .withDetail("millis", (System.nanoTime() - begin) / 1_000_000)
          .build();
    } catch (TimeoutException e) {
      check.cancel(true);
      return Health.down().withDetail("error", "no answer within " + timeout).build();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return Health.down()
          .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    }
  }

  private boolean valid() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid((int) Math.max(1, timeout.toSeconds()));
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void destroy() {
    checks.shutdownNow();
  }
}
