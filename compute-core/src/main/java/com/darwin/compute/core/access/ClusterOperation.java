package com.darwin.compute.core.access;

import com.darwin.compute.model.access.AccessLevel;

/** A change of one cluster, and the sharing level it needs (owners and admins need none). */
public enum ClusterOperation {
  EDIT("edit", AccessLevel.CAN_MANAGE),
  DELETE("delete", AccessLevel.CAN_MANAGE),
  MANAGE_PERMISSIONS("change the sharing of", AccessLevel.CAN_MANAGE),
  INSTALL_LIBRARIES("install libraries on", AccessLevel.CAN_MANAGE),
  /**
   * {@code packages_clone_from} of a cluster whose libraries carry credentials in an index or
   * repository URL: the copy would install with them in pods the caller controls. Needs what
   * installing on the source needs; libraries without credentials are readable by anyone, and
   * copied by anyone.
   */
  COPY_LIBRARY_CREDENTIALS(
      "copy the index credentials in the libraries of", AccessLevel.CAN_MANAGE),
  START("start", AccessLevel.CAN_RESTART),
  STOP("stop", AccessLevel.CAN_RESTART),
  RESTART("restart", AccessLevel.CAN_RESTART),
  KEEP_ALIVE("keep alive", AccessLevel.CAN_ATTACH),
  RUN_COMMANDS("run commands on", AccessLevel.CAN_ATTACH),
  SUBMIT_JOBS("submit jobs to", AccessLevel.CAN_ATTACH),
  /**
   * A read, but not an open one: a job's {@code runtime_env} (its {@code env_vars}), entrypoint and
   * driver log are where people put credentials, so they are read by those who may submit jobs. A
   * refusal is not written on the timeline: a page that lists jobs for a viewer would write one
   * each time it is shown.
   */
  READ_JOBS("read the jobs of", AccessLevel.CAN_ATTACH, false),
  READ_SPARK_HISTORY("run a Spark History Server for", AccessLevel.CAN_ATTACH);

  private final String verb;
  private final AccessLevel level;
  private final boolean refusalRecorded;

  ClusterOperation(String verb, AccessLevel level) {
    this(verb, level, true);
  }

  ClusterOperation(String verb, AccessLevel level, boolean refusalRecorded) {
    this.verb = verb;
    this.level = level;
    this.refusalRecorded = refusalRecorded;
  }

  /** Whether a refused attempt goes on the cluster's timeline. */
  public boolean refusalRecorded() {
    return refusalRecorded;
  }

  public String verb() {
    return verb;
  }

  public AccessLevel level() {
    return level;
  }
}
