package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.orm.jpa.JpaSystemException;

class StatementTimeLimitTest {

  @Test
  void aQueryTimeoutIsOneHoweverTheDriverReportedIt() {
    // The driver's timer first: its timeout exception.
    assertThat(StatementTimeLimit.isCauseOf(new SQLTimeoutException("Statement cancelled")))
        .isTrue();
    // The server's answer to the cancel first: the bare error, as Hibernate wraps it.
    assertThat(
            StatementTimeLimit.isCauseOf(
                new JpaSystemException(
                    new RuntimeException(
                        new SQLException("Query execution was interrupted", "70100", 1317)))))
        .isTrue();
    // The server's own limits.
    assertThat(StatementTimeLimit.isCauseOf(new SQLException("max_statement_time", "70100", 1969)))
        .isTrue();
    assertThat(StatementTimeLimit.isCauseOf(new SQLException("max_execution_time", "HY000", 3024)))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(StatementTimeLimit.isCauseOf(new SQLException("Lock wait timeout", "40001", 1205)))
        .isFalse();
    assertThat(StatementTimeLimit.isCauseOf(new IllegalStateException("bug"))).isFalse();
  }
}
