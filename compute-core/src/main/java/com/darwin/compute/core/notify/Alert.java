package com.darwin.compute.core.notify;

/**
 * One alert about one cluster. {@code dedupeKey} identifies "the same cluster and reason": the same
 * key is not alerted twice within the configured window.
 *
 * @param raisedWhileItLasts raised again at every check while its cause lasts (failing probes, a
 *     long run, a cost), so one Slack did not take is raised anew; the others (a cluster stopped,
 *     timed out or dead, a job's failure) are raised once, and kept to be sent again ({@link
 *     PendingAlerts})
 */
public record Alert(String clusterId, String dedupeKey, String text, boolean raisedWhileItLasts) {

  /** An alert raised once. */
  public Alert(String clusterId, String dedupeKey, String text) {
    this(clusterId, dedupeKey, text, false);
  }
}
