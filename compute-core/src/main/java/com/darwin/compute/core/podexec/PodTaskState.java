package com.darwin.compute.core.podexec;

import java.time.Instant;

/**
 * A pod task without its log: what the runner and the items' statuses go by. A pass reads the tasks
 * of every running cluster with work every few seconds, and a log is up to {@code
 * compute.pod-tasks.log-limit} (64 KB) per task; it is read where it is shown, and for a task that
 * times out.
 */
public record PodTaskState(
    long id,
    String clusterId,
    PodTaskKind kind,
    String ref,
    String podUid,
    String podName,
    PodTaskStatus status,
    Instant startedAt,
    Instant deadline) {

  /** Whether the task's item was removed while it ran (see {@link PodTaskEntity#DETACHED}). */
  public boolean isDetached() {
    return ref.startsWith(PodTaskEntity.DETACHED);
  }
}
