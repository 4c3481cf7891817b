package com.darwin.compute.core.history;

import com.darwin.compute.model.history.HistoryFilesystem;

/**
 * A validated, normalised request: everything needed to store and render a server.
 *
 * @param eventsPath {@code s3a://bucket/prefix}, or an absolute path inside the workspace mount
 * @param claimName the workspace claim mounted (shared filesystem only: a cluster's own workspace,
 *     or for a project the project's or the user's), else null
 * @param clusterId the cluster the resource names, or null for a project
 */
public record HistoryServerPlan(
    String resource,
    String user,
    int ttlMinutes,
    HistoryFilesystem filesystem,
    String eventsPath,
    String cloudEnv,
    String namespace,
    String claimName,
    String clusterId) {

  /** {@code spark.history.fs.logDirectory}. */
  public String logDirectory() {
    return filesystem == HistoryFilesystem.S3 ? eventsPath : "file:" + eventsPath;
  }
}
