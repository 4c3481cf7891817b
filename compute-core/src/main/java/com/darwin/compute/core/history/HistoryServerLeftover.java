package com.darwin.compute.core.history;

/**
 * A history server's objects as one target's watch sees them, judged not its row's: the row is not
 * running, or runs somewhere else (started again elsewhere after a stop whose delete failed).
 *
 * @param target the target whose watch saw them, and through which they are deleted
 * @param apiServer the API server that target reaches
 * @param namespace their namespace
 * @param id the server id (their name)
 */
public record HistoryServerLeftover(String target, String apiServer, String namespace, String id) {

  /**
   * Whether the row accounts for these objects: it runs, on a target that reaches the same API
   * server and namespace. Two targets may name one place (each watch then sees the same objects),
   * so the place is compared, not the target's name.
   *
   * @param rowApiServer the API server of the row's target, or null when it is not configured
   */
  boolean ownedBy(HistoryServerEntity row, String rowApiServer) {
    return row.getStatus().running()
        && apiServer.equals(rowApiServer)
        && namespace.equals(row.getNamespace());
  }
}
