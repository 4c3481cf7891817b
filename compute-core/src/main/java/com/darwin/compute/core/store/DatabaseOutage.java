package com.darwin.compute.core.store;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure is the database being unreachable, as Spring reports it: what a background job
 * logs as one line (health already says the database is down), not a stack trace each time.
 */
public final class DatabaseOutage {

  private DatabaseOutage() {}

  public static boolean isCauseOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException) {
        return true;
      }
    }
    return false;
  }
}
