package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.orm.jpa.JpaSystemException;

/** Which failures the exception advice answers as the database's outage (503), not a 500. */
class DatabaseUnreachableTest {

  @Test
  void aRollbackThatFailsOnTheClosedConnectionIsAnOutage() {
    // As a helper's frozen MariaDB produced it: the rollback's own failure, the pool's closed
    // connection as its cause.
    RuntimeException rollback =
        new JpaSystemException(
            new RuntimeException(
                "Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed", "08003")));
    assertThat(ApiExceptionHandler.databaseUnreachable(rollback)).isTrue();
  }

  @Test
  void anOutageKeptOnlyAsSuppressedIsStillAnOutage() {
    RuntimeException rollback = new IllegalStateException("Unable to rollback");
    rollback.addSuppressed(new SQLTransientConnectionException("Connection is not available"));
    assertThat(ApiExceptionHandler.databaseUnreachable(rollback)).isTrue();
  }

  @Test
  void otherDatabaseErrorsAreNot() {
    assertThat(
            ApiExceptionHandler.databaseUnreachable(
                new JpaSystemException(new RuntimeException(new SQLException("Syntax", "42000")))))
        .isFalse();
    assertThat(ApiExceptionHandler.databaseUnreachable(new IllegalStateException("bug"))).isFalse();
    // A cause cycle ends the walk.
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(ApiExceptionHandler.databaseUnreachable(a)).isFalse();
  }
}
