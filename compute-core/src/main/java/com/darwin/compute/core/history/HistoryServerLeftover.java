package com.darwin.compute.core.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A history server's objects as one target's watch sees them, judged not its row's: the row is not
 * running, or runs somewhere else (started again elsewhere after a stop whose delete failed).
 *
 * @param target the target whose watch saw them, and through which they are deleted
 * @param apiServer the address of the API server that target reaches
 * @param namespace their namespace
 * @param id the server id (their name)
 * @param startedAt the start their Deployment says it was applied for, or null when it does not
 */
public record HistoryServerLeftover(
    String target, String apiServer, String namespace, String id, Instant startedAt) {

  /**
   * Whether the row accounts for these objects: it runs, and they are where it runs (same API
   * server address and namespace), or may be. One API server can have two addresses (two targets
   * configured differently), so objects elsewhere by address count as left behind only when their
   * Deployment says it is an earlier start's, and only once the current start is past the repair
   * grace (until then its request may still be replacing them).
   *
   * @param rowApiServer the address of the row's target's API server, or null when that target is
   *     not configured
   * @param settledBefore starts before this have applied their objects
   */
  boolean ownedBy(HistoryServerEntity row, String rowApiServer, Instant settledBefore) {
    if (!row.getStatus().running()) {
      return false;
    }
    if (Objects.equals(apiServer, rowApiServer) && namespace.equals(row.getNamespace())) {
      return true;
    }
    return startedAt == null
        || startedAt.equals(row.getStartedAt())
        || !row.getStartedAt().isBefore(settledBefore);
  }
}
