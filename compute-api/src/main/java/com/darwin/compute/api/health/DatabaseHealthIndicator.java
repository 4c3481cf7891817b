package com.darwin.compute.api.health;

import java.sql.Connection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
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
class DatabaseHealthIndicator implements HealthIndicator {

  private final DataSource dataSource;
  private final DeadlineChecks checks;
  private final HealthProperties properties;

  DatabaseHealthIndicator(
      DataSource dataSource, DeadlineChecks checks, HealthProperties properties) {
    this.dataSource = dataSource;
    this.checks = checks;
    this.properties = properties;
  }

  @Override
  public Health health() {
    long begin = System.nanoTime();
    try {
      boolean valid = checks.within("db", properties.databaseTimeout(), this::valid);
      return (valid ? Health.up() : Health.down())
          .withDetail("millis", (System.nanoTime() - begin) / 1_000_000)
          .build();
    } catch (TimeoutException e) {
      return Health.down()
          .withDetail("error", "no answer within " + properties.databaseTimeout())
          .build();
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

  private boolean valid() throws java.sql.SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid((int) Math.max(1, properties.databaseTimeout().toSeconds()));
    }
  }
}
