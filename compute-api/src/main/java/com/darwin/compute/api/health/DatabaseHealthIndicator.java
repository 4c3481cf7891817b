package com.darwin.compute.api.health;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database in the health report ({@code components.db}), bounded in time: Spring Boot's own
 * check asks a pooled connection without a timeout, so a frozen server kept health waiting. Here
 * getting a connection is bounded by the pool's connection timeout and the check by one second, so
 * health reports DOWN within seconds. Named so that it replaces Boot's {@code db} indicator.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

  private static final int CHECK_TIMEOUT_SECONDS = 1;

  private final DataSource dataSource;

  DatabaseHealthIndicator(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Health health() {
    long begin = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      boolean valid = connection.isValid(CHECK_TIMEOUT_SECONDS);
      Health.Builder health = valid ? Health.up() : Health.down();
      return health.withDetail("millis", (System.nanoTime() - begin) / 1_000_000).build();
    } catch (SQLException | RuntimeException e) {
      return Health.down()
          .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage())
          .withDetail("millis", (System.nanoTime() - begin) / 1_000_000)
          .build();
    }
  }
}
