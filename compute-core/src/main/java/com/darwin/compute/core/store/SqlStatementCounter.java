package com.darwin.compute.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the SQL statements sent on the current thread while counting is on, so a scheduled job can
 * report how many statements one run issued (and tests can hold it to "a few batched queries, never
 * one per cluster"). {@link StatementCountingDataSource} reports every statement created through
 * the application's connections.
 */
public final class SqlStatementCounter {

  private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();
  private static final ThreadLocal<List<String>> TEXTS = new ThreadLocal<>();

  private SqlStatementCounter() {}

  /** Starts counting on this thread. */
  public static void start() {
    COUNT.set(new int[2]);
    TEXTS.remove();
  }

  /**
   * Starts counting on this thread and keeps the text of each prepared statement, for a test to
   * tell what a job reads, not only how often.
   */
  public static void startRecording() {
    start();
    TEXTS.set(new ArrayList<>());
  }

  /**
   * The prepared statements' SQL on this thread since {@link #startRecording()} (a plain {@code
   * Statement} has no text until it is executed, and is counted without one). Recording goes on.
   */
  public static List<String> recorded() {
    List<String> texts = TEXTS.get();
    return texts == null ? List.of() : List.copyOf(texts);
  }

  /** Stops counting (and recording) on this thread and returns the count. */
  public static int stop() {
    int[] count = COUNT.get();
    COUNT.remove();
    TEXTS.remove();
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
    increment(null);
  }

  /** One prepared statement on this thread, with its SQL; ignored unless counting is on. */
  static void increment(String sql) {
    int[] count = COUNT.get();
    if (count != null) {
      count[0]++;
      List<String> texts = TEXTS.get();
      if (texts != null && sql != null) {
        texts.add(sql);
      }
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
