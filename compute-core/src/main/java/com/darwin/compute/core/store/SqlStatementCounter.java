package com.darwin.compute.core.store;

/**
 * Counts the SQL statements sent on the current thread while counting is on, so a scheduled job can
 * report how many statements one run issued (and tests can hold it to "a few batched queries, never
 * one per cluster"). {@link StatementCountingDataSource} reports every statement created through
 * the application's connections.
 */
public final class SqlStatementCounter {

  private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();

  private SqlStatementCounter() {}

  /** Starts counting on this thread. */
  public static void start() {
    COUNT.set(new int[2]);
  }

  /** Stops counting on this thread and returns the count. */
  public static int stop() {
    int[] count = COUNT.get();
    COUNT.remove();
    return count == null ? 0 : count[0];
  }

  /**
   * Transaction control calls (autocommit, read-only, commit, rollback) on this thread since {@link
   * #start()}: each is a round trip the statement count leaves out. Counting goes on.
   */
  public static int transactionControls() {
    int[] count = COUNT.get();
    return count == null ? 0 : count[1];
  }

  /** One statement on this thread; ignored unless counting is on. */
  static void increment() {
    int[] count = COUNT.get();
    if (count != null) {
      count[0]++;
    }
  }

  /** One transaction control call on this thread; ignored unless counting is on. */
  static void incrementTransactionControl() {
    int[] count = COUNT.get();
    if (count != null) {
      count[1]++;
    }
  }
}
