package com.darwin.compute.api;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/** The search outbox indexer's lock, held by a test so that rows wait on the outbox meanwhile. */
final class IndexerLock {

  private IndexerLock() {}

  static SimpleLock hold(LockProvider locks) {
    return ScheduledJobLock.hold(locks, "search-outbox-indexer");
  }
}
