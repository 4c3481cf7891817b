package com.darwin.compute.core.store;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate prepares on the current thread while counting is on, so a
 * scheduled job can report how many statements one run issued (and tests can hold it to "a few
 * batched queries, never one per cluster"). Registered as Hibernate's statement inspector.
 */
public class SqlStatementCounter implements StatementInspector {

  private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();

  /** Starts counting on this thread. */
  public static void start() {
    COUNT.set(new int[1]);
  }

  /** Stops counting on this thread and returns the count. */
  public static int stop() {
    int[] count = COUNT.get();
    COUNT.remove();
    return count == null ? 0 : count[0];
  }

  @Override
  public String inspect(String sql) {
    int[] count = COUNT.get();
    if (count != null) {
      count[0]++;
    }
    return sql;
  }
}
