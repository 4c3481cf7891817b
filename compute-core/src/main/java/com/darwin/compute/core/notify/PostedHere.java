package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.AlertProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The alerts this replica posted within the dedupe window, in memory, beside {@code alerts_sent}. A
 * post is recorded here before the database is written: when that write fails (the database out for
 * a moment, a lock timeout), the alert is still known as sent, and the next sweep (a probe failing
 * every minute) or retry run does not post it to the channel again. Another replica knows only what
 * the table says, as before.
 */
@Component
public class PostedHere {

  /** Far above the clusters alerted at once; an entry past it is only looked up in the table. */
  static final int CAPACITY = 100_000;

  private final Cache<String, Instant> posted;
  private final AlertProperties properties;
  private final Clock clock;

  public PostedHere(AlertProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    // The cache's own expiry only bounds memory; the window is judged on the clock, below.
    this.posted =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.dedupeWindow())
            .maximumSize(CAPACITY)
            .executor(Runnable::run)
            .build();
  }

  public void posted(String clusterId, String reason, Instant at) {
    posted.put(key(clusterId, reason), at);
  }

  /** When this replica last posted the alert within the window, or null. */
  public Instant lastPosted(String clusterId, String reason) {
    Instant at = posted.getIfPresent(key(clusterId, reason));
    // As the table is read: sent after now minus the window.
    return at != null && at.isAfter(clock.instant().minus(properties.dedupeWindow())) ? at : null;
  }

  private static String key(String clusterId, String reason) {
    return clusterId + "|" + reason;
  }
}
