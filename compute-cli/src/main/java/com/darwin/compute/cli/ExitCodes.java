package com.darwin.compute.cli;

import com.darwin.compute.sdk.ClusterWaitException;
import com.darwin.compute.sdk.ComputeException;
import com.darwin.compute.sdk.yaml.ClusterYamlException;

/**
 * The exit codes of {@code compute}, stable for scripts. Documented in the README and in {@code
 * compute --help}.
 */
public final class ExitCodes {

  /** Done. */
  public static final int OK = 0;

  /** The command line is wrong (unknown command or option, missing argument), or the CLI failed. */
  public static final int USAGE = 1;

  /** The request was rejected: invalid cluster file, 400 with field errors, or another 4xx. */
  public static final int REJECTED = 2;

  /** No such cluster (404). */
  public static final int NOT_FOUND = 3;

  /** The change does not fit the cluster's state (409): e.g. delete while running. */
  public static final int CONFLICT = 4;

  /** The service could not be reached, or failed (5xx), even after retries. */
  public static final int UNAVAILABLE = 5;

  /**
   * While waiting, the cluster was stopped or died; also a remote command ({@code exec}) on a
   * stopped cluster, which is queued until the cluster starts and so did not run.
   */
  public static final int CLUSTER_FAILED = 6;

  /** The wait timed out; the cluster may still get there. */
  public static final int TIMED_OUT = 7;

  /**
   * The job waited for ({@code job submit --wait}, {@code job logs --follow}) failed; also a
   * library install ({@code lib install --wait}) or a remote command ({@code exec}) that failed.
   */
  public static final int JOB_FAILED = 8;

  /** The job waited for was stopped. */
  public static final int JOB_STOPPED = 9;

  public static final String HELP =
      """
      Exit codes:
        0  done
        1  usage error (unknown command or option, missing argument)
        2  request rejected: invalid cluster file, or 400/4xx from the service
        3  cluster not found (404)
        4  conflict with the cluster's state (409), e.g. delete while running
        5  service unreachable or failing (connection refused, 5xx) after retries
        6  cluster stopped or died while waiting (--wait, wait); exec on a stopped
           cluster (the command is queued until the cluster starts)
        7  timed out while waiting (--wait, wait)
        8  the job failed (job submit --wait, job logs --follow), or the library install
           (lib install --wait) or the remote command (exec) failed
        9  the job was stopped (job submit --wait, job logs --follow)
      """;

  private ExitCodes() {}

  static int of(Throwable e) {
    if (e instanceof ClusterYamlException) {
      return REJECTED;
    }
    if (e instanceof com.darwin.compute.sdk.JobWaitException wait) {
      return wait.interrupted() ? USAGE : TIMED_OUT;
    }
    if (e instanceof ClusterWaitException wait) {
      return wait.reason() == ClusterWaitException.Reason.TIMED_OUT ? TIMED_OUT : CLUSTER_FAILED;
    }
    if (e instanceof ComputeException c) {
      if (c.isNotFound()) {
        return NOT_FOUND;
      }
      if (c.isConflict()) {
        return CONFLICT;
      }
      if (c.status() >= 400 && c.status() < 500) {
        return REJECTED;
      }
      return UNAVAILABLE;
    }
    return USAGE;
  }
}
