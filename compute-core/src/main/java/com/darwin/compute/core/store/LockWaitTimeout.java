package com.darwin.compute.core.store;

import java.sql.SQLException;

/**
 * Whether a failure is a statement's wait for a row lock running out ({@code
 * innodb_lock_wait_timeout}, MySQL and MariaDB error 1205): another transaction held the row longer
 * than a request should wait. Spring reports it like a deadlock (a pessimistic locking failure),
 * which is a race to run again at once; a held row is not, so callers that retry tell them apart.
 */
public final class LockWaitTimeout {

  /** ER_LOCK_WAIT_TIMEOUT, the same code in MySQL and MariaDB. */
  static final int ERROR_CODE = 1205;

  private LockWaitTimeout() {}

  public static boolean isCauseOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == ERROR_CODE) {
        return true;
      }
    }
    return false;
  }
}
