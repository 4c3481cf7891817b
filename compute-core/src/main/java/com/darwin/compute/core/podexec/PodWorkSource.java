package com.darwin.compute.core.podexec;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A kind of work for the {@link PodTaskRunner}: libraries, remote commands. The runner asks each
 * source which running clusters have work, runs it on their ready pods, and hands back what the
 * pods reported so the source can set its own statuses.
 */
public interface PodWorkSource {

  PodTaskKind kind();

  /** Clusters meant to run (desired RUNNING) that have anything of this kind. */
  Set<String> runningClustersWithWork();

  /**
   * The items of these clusters, read at once for a visit: one read for all of them, taken before
   * the runner reads their tasks, so the tasks it judges them by are at least as new as the items.
   */
  Snapshot snapshot(Collection<String> clusterIds);

  /** A source's items of some clusters, as read for one visit. */
  interface Snapshot {

    /** What the cluster's pods must run, in the order it should run in. */
    List<PodWork> work(String clusterId);

    /**
     * Whether every item's status as read already says what the pods and their tasks report:
     * nothing for {@link PodWorkSource#settle} to write, so it is not called.
     */
    boolean settled(String clusterId, Collection<LivePod> pods, List<PodTaskState> tasks);
  }

  /**
   * Whether the item is still to be run on the pod as the pass read it, read with a shared lock on
   * its row held until the claim of its task commits (called inside that transaction): a removal
   * committed since the pass read its work is seen, and one that comes later waits for the claim
   * and then finds its task (which it detaches). Without it, a command deleted in between ran
   * anyway, under a task nothing detached; and one registered again under its id, with other lines
   * or on another cluster, ran the old lines under the new command's id.
   */
  boolean stillWanted(String clusterId, PodWork work, LivePod pod);

  /**
   * Sets the statuses of the cluster's items from its live pods and their tasks (the tasks of pods
   * that are gone are already deleted).
   */
  void settle(String clusterId, Collection<LivePod> pods, List<PodTaskState> tasks);

  /** Resets what belongs to stopped (or deleted) clusters: nothing runs there any more. */
  void settleStopped();
}
