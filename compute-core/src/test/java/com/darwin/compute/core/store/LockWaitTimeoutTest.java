package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;

class LockWaitTimeoutTest {

  @Test
  void aLockWaitThatRanOutIsToldFromADeadlock() {
    var waited =
        new CannotAcquireLockException(
            "x",
            new RuntimeException(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
    var deadlock =
        new CannotAcquireLockException(
            "x", new SQLTransactionRollbackException("Deadlock found", "40001", 1213));
    assertThat(LockWaitTimeout.isCauseOf(waited)).isTrue();
    assertThat(LockWaitTimeout.isCauseOf(deadlock)).isFalse();
    assertThat(LockWaitTimeout.isCauseOf(null)).isFalse();
  }
}
