package com.darwin.compute.core.cluster;

import com.darwin.compute.core.timeline.TimelineAction;

/**
 * The lifecycle requests a user makes on an existing cluster that can be refused for its state,
 * each with the timeline action that records it failing (its {@code *_REQUEST_RECEIVED} and {@code
 * *_FAILED} events). A failed create has none: a create refused for its body has no cluster to
 * record it on. A start or a stop has none either: one that finds the cluster where it would take
 * it changes nothing and is accepted ({@link StateChange}).
 */
public enum LifecycleRequest {
  RESTART(TimelineAction.RESTART_FAILED),
  UPDATE(TimelineAction.UPDATE_FAILED),
  DELETE(TimelineAction.DELETE_FAILED);

  private final TimelineAction failure;

  LifecycleRequest(TimelineAction failure) {
    this.failure = failure;
  }

  /** The actions-timeline name of this request's failure. */
  public String failedAction() {
    return failure.wireName();
  }

  /** The timeline action of this request's failure. */
  public TimelineAction failure() {
    return failure;
  }
}
