package com.darwin.compute.api;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/** The search outbox indexer's lock, held by a test so that rows wait on the outbox meanwhile. */
final class IndexerLock {

  private IndexerLock() {}

  /**
   * Waits for a running drain, if any, to end, and keeps the indexer of every replica on this
   * database from starting another until the lock is released (at most five minutes).
   */
  static SimpleLock hold(LockProvider locks) {
    List<SimpleLock> held = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Optional<SimpleLock> lock =
                  locks.lock(
                      new LockConfiguration(
                          Instant.now(),
                          "search-outbox-indexer",
                          Duration.ofMinutes(5),
                          Duration.ZERO));
              lock.ifPresent(held::add);
              return lock.isPresent();
            });
    return held.get(0);
  }
}
