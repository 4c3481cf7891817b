package com.darwin.compute.core.access;

import com.darwin.compute.model.access.AccessLevel;

/** A change of one cluster, and the sharing level it needs (owners and admins need none). */
public enum ClusterOperation {
  EDIT("edit", AccessLevel.CAN_MANAGE),
  DELETE("delete", AccessLevel.CAN_MANAGE),
  MANAGE_PERMISSIONS("change the sharing of", AccessLevel.CAN_MANAGE),
  INSTALL_LIBRARIES("install libraries on", AccessLevel.CAN_MANAGE),
  START("start", AccessLevel.CAN_RESTART),
  STOP("stop", AccessLevel.CAN_RESTART),
  RESTART("restart", AccessLevel.CAN_RESTART),
  KEEP_ALIVE("keep alive", AccessLevel.CAN_ATTACH),
  RUN_COMMANDS("run commands on", AccessLevel.CAN_ATTACH),
  SUBMIT_JOBS("submit jobs to", AccessLevel.CAN_ATTACH),
  /**
   * A read, but not an open one: a job's {@code runtime_env} (its {@code env_vars}), entrypoint and
   * driver log are where people put credentials, so they are read by those who may submit jobs.
   */
  READ_JOBS("read the jobs of", AccessLevel.CAN_ATTACH),
  READ_SPARK_HISTORY("run a Spark History Server for", AccessLevel.CAN_ATTACH);

  private final String verb;
  private final AccessLevel level;

  ClusterOperation(String verb, AccessLevel level) {
    this.verb = verb;
    this.level = level;
  }

  public String verb() {
    return verb;
  }

  public AccessLevel level() {
    return level;
  }
}
