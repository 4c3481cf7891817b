package com.darwin.compute.core.store;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** How a cache of rows forgets what it holds when those rows are written. */
public final class CacheInvalidation {

  private CacheInvalidation() {}

  /**
   * Runs {@code invalidate} now and again when the current transaction ends, if there is one: a
   * read in between (by this transaction or another) may have cached what was there before.
   */
  public static void nowAndAfterTransaction(Runnable invalidate) {
    invalidate.run();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              invalidate.run();
            }
          });
    }
  }
}
