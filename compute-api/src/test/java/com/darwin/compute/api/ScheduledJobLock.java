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

/** A scheduled job's ShedLock lock, held by a test so that the job cannot run meanwhile. */
public final class ScheduledJobLock {

  private ScheduledJobLock() {}

  /**
   * Waits for a running pass of the job {@code name} (its {@code @SchedulerLock} name), if any, to
   * end, and keeps every replica on this database from starting another until the lock is released
   * (at most five minutes).
   */
  public static SimpleLock hold(LockProvider locks, String name) {
    List<SimpleLock> held = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Optional<SimpleLock> lock =
                  locks.lock(
                      new LockConfiguration(
                          Instant.now(), name, Duration.ofMinutes(5), Duration.ZERO));
              lock.ifPresent(held::add);
              return lock.isPresent();
            });
    return held.get(0);
  }
}
