package com.darwin.compute.core.cluster;

/**
 * The lifecycle requests a user makes on an existing cluster, each with the timeline action that
 * records it failing (its {@code *_REQUEST_RECEIVED} and {@code *_FAILED} events). A failed create
 * has none: a create refused for its body has no cluster to record it on.
 */
public enum LifecycleRequest {
  START("Start Failed"),
  STOP("Stop Failed"),
  RESTART("Restart Failed"),
  UPDATE("Update Failed"),
  DELETE("Delete Failed");

  private final String failedAction;

  LifecycleRequest(String failedAction) {
    this.failedAction = failedAction;
  }

  /** The actions-timeline name of this request's failure. */
  public String failedAction() {
    return failedAction;
  }
}
