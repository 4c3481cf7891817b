package com.darwin.compute.core.history;

/**
 * A history server's objects on one target that its row does not account for: the row is not
 * running, or it runs on another target (started again elsewhere after a stop whose delete failed).
 *
 * @param target the target the objects are on
 * @param namespace their namespace there
 * @param id the server id (their name)
 */
public record HistoryServerLeftover(String target, String namespace, String id) {

  /** Whether the server's row says its objects live here. */
  boolean isWhere(HistoryServerEntity server) {
    return target.equals(server.getCloudEnv()) && namespace.equals(server.getNamespace());
  }

  /** Whether these objects are still not the row's: not running, or running elsewhere. */
  boolean stillLeftBy(HistoryServerEntity server) {
    return !server.getStatus().running() || !isWhere(server);
  }
}
