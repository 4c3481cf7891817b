package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.orm.jpa.JpaSystemException;

/**
 * How the exception advice answers the database's failures: an outage (503), not a 500; a taken
 * name as such.
 */
class DatabaseErrorAnswersTest {

  private final ApiExceptionHandler advice =
      new ApiExceptionHandler(
          new RefusalCounter(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
          com.darwin.compute.core.config.RequestLimitsProperties.defaults());

  @Test
  void aNameTakenByARequestThatCommittedFirstIsSaidAsSuch() {
    var name =
        advice.integrity(
            new org.springframework.dao.DataIntegrityViolationException(
                "commit",
                new SQLException(
                    "Duplicate entry 'train' for key 'uk_clusters_name'", "23000", 1062)));
    assertThat(name.getStatusCode().value()).isEqualTo(409);
    assertThat(name.getBody().message()).isEqualTo("A cluster with this name already exists");
    var other =
        advice.integrity(
            new org.springframework.dao.DataIntegrityViolationException(
                "commit",
                new SQLException("Duplicate entry 'x' for key 'PRIMARY'", "23000", 1062)));
    assertThat(other.getBody().message()).isEqualTo("A record with this key already exists");
  }

  @Test
  void aLockWaitThatTimesOutIsAConcurrentChangeNotA500() {
    var answer =
        advice.concurrentChange(
            new org.springframework.dao.CannotAcquireLockException("Lock wait timeout exceeded"));
    assertThat(answer.getStatusCode().value()).isEqualTo(409);
    assertThat(answer.getBody().message()).contains("at the same time");
  }

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
  void aServerReadOnlyDuringAFailoverOrAStatementAtItsTimeLimitIsAnOutage() {
    // As the drivers report them: SQLSTATE HY000, which says nothing by class.
    for (int code : new int[] {1290, 1836, 3024, 1969, 1317}) {
      RuntimeException refused =
          new JpaSystemException(
              new RuntimeException(
                  new SQLException(
                      "The server is running with the --read-only option", "HY000", code)));
      assertThat(ApiExceptionHandler.databaseUnreachable(refused)).as("error %d", code).isTrue();
      var answer = advice.unexpected(refused);
      assertThat(answer.getStatusCode().value()).isEqualTo(503);
      assertThat(answer.getBody().data().code()).isEqualTo("DATABASE_UNAVAILABLE");
    }
    assertThat(
            ApiExceptionHandler.databaseUnreachable(
                new org.springframework.dao.QueryTimeoutException("statement timed out")))
        .isTrue();
    assertThat(
            ApiExceptionHandler.databaseUnreachable(
                new JpaSystemException(
                    new RuntimeException(new java.sql.SQLTimeoutException("query timeout")))))
        .isTrue();
  }

  @Test
  void otherDatabaseErrorsAreNot() {
    assertThat(
            ApiExceptionHandler.databaseUnreachable(
                new JpaSystemException(new RuntimeException(new SQLException("Syntax", "42000")))))
        .isFalse();
    // A write in a transaction opened read-only here is this service's bug, not an outage.
    assertThat(
            ApiExceptionHandler.databaseUnreachable(
                new JpaSystemException(
                    new RuntimeException(
                        new SQLException(
                            "Cannot execute statement in a READ ONLY transaction",
                            "25006",
                            1792)))))
        .isFalse();
    assertThat(ApiExceptionHandler.databaseUnreachable(new IllegalStateException("bug"))).isFalse();
    // A cause cycle ends the walk.
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(ApiExceptionHandler.databaseUnreachable(a)).isFalse();
  }
}
