package com.darwin.compute.sdk;

/**
 * One HTTP call of the REST contract, with what the transport needs to know to retry it safely.
 *
 * @param body JSON text, or null for no body
 * @param accept the media type asked for
 * @param idempotent sending it twice has the same effect as once: retried on 5xx and on I/O errors
 *     after sending. Every call is retried when the connection could not be made at all.
 * @param notFoundAfterRetryIsSuccess a 404 that answers a retry of an attempt whose outcome is
 *     unknown means that attempt got through (for deletes, and uninstalls of libraries)
 * @param needsIdentity the service requires {@code msd-user}: every call that changes something,
 *     and the reads of a cluster's jobs, commands and runtimes. Without a user, the client sends
 *     the fallback identity for these, as the Python SDK does
 */
record Call(
    String method,
    String path,
    String body,
    String accept,
    boolean idempotent,
    boolean notFoundAfterRetryIsSuccess,
    boolean needsIdentity) {

  static final String JSON = "application/json";
  static final String YAML = "application/yaml";

  static Call get(String path) {
    return new Call("GET", path, null, JSON, true, false, false);
  }

  /** A read for a route that requires {@code msd-user} (a cluster's jobs and their logs). */
  static Call identifiedGet(String path) {
    return new Call("GET", path, null, JSON, true, false, true);
  }

  /** A POST that only reads (search, cost, manifest preview): safe to repeat. */
  static Call query(String path, String body) {
    return new Call("POST", path, body, JSON, true, false, false);
  }

  /** A POST that only reads, for a route that requires {@code msd-user} (runtime listing). */
  static Call identifiedQuery(String path, String body) {
    return new Call("POST", path, body, JSON, true, false, true);
  }

  /** A POST that changes something: repeated only when it certainly was not sent. */
  static Call command(String path, String body) {
    return new Call("POST", path, body, JSON, false, false, true);
  }

  /**
   * Start and stop: the service accepts either when the cluster is already where it would take it
   * (202, nothing changed), so a repeat after a lost answer ends where one would.
   */
  static Call lifecycle(String path) {
    return new Call("POST", path, null, JSON, true, false, true);
  }

  /** Restart, a job's stop: not repeated once sent (a second restart recreates the pods again). */
  static Call action(String path) {
    return new Call("POST", path, null, JSON, false, false, true);
  }

  static Call put(String path, String body) {
    return new Call("PUT", path, body, JSON, true, false, true);
  }

  static Call delete(String path) {
    return new Call("DELETE", path, null, JSON, true, true, true);
  }

  Call accepting(String mediaType) {
    return new Call(
        method, path, body, mediaType, idempotent, notFoundAfterRetryIsSuccess, needsIdentity);
  }
}
