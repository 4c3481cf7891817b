package com.darwin.compute.core.podexec;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the pod tasks of one piece of work (a library, a command) say about it across the pods it
 * must reach. Libraries and commands settle their statuses from the same two facts.
 */
public final class PodTaskRuns {

  private PodTaskRuns() {}

  /** Some pod ran it and failed. */
  public static boolean anyFailed(Collection<PodTaskState> runs) {
    return runs.stream().anyMatch(t -> t.status() == PodTaskStatus.FAILED);
  }

  /**
   * Every one of {@code pods} ran it successfully; false when there is no pod (nothing has run it
   * yet). A pod is known by its uid: a recreated pod has not run what its predecessor ran.
   */
  public static boolean succeededOnEvery(Collection<LivePod> pods, Collection<PodTaskState> runs) {
    if (pods.isEmpty()) {
      return false;
    }
    Set<String> succeeded =
        runs.stream()
            .filter(t -> t.status() == PodTaskStatus.SUCCESS)
            .map(PodTaskState::podUid)
            .collect(Collectors.toSet());
    return pods.stream().allMatch(p -> succeeded.contains(p.uid()));
  }
}
