package com.darwin.compute.core.store;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Whether a failure is a statement ended at its time limit: the driver's query timeout, or the
 * server's own limit. The query timeout cancels the statement with a {@code KILL QUERY}, and when
 * the server's answer to the statement (error 1317, "Query execution was interrupted") reaches the
 * driver before its timer has marked the statement as timed out, the driver reports the bare error,
 * which Spring does not translate as a timeout: a locking read bounded by its query timeout then
 * read as an incident (a 500) a few times in a hundred under load.
 */
public final class StatementTimeLimit {

  /** ER_QUERY_INTERRUPTED, the same code in MySQL and MariaDB. */
  static final int QUERY_INTERRUPTED = 1317;

  /** MySQL's {@code max_execution_time} (3024), MariaDB's {@code max_statement_time} (1969). */
  static final int SERVER_TIME_LIMIT_MYSQL = 3024;

  static final int SERVER_TIME_LIMIT_MARIADB = 1969;

  private StatementTimeLimit() {}

  public static boolean isCauseOf(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof SQLTimeoutException) {
        return true;
      }
      if (t instanceof SQLException sql
          && (sql.getErrorCode() == QUERY_INTERRUPTED
              || sql.getErrorCode() == SERVER_TIME_LIMIT_MYSQL
              || sql.getErrorCode() == SERVER_TIME_LIMIT_MARIADB)) {
        return true;
      }
    }
    return false;
  }
}
