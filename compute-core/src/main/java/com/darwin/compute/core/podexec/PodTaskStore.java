package com.darwin.compute.core.podexec;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Pod tasks in MySQL, each change its own short transaction. */
@Component
public class PodTaskStore {

  private final PodTaskRepository tasks;
  private final Clock clock;

  public PodTaskStore(PodTaskRepository tasks, Clock clock) {
    this.tasks = tasks;
    this.clock = clock;
  }

  /** Claims the task for this pod; false when it was already claimed (by another replica). */
  @Transactional
  public boolean claim(PodWork work, String clusterId, LivePod pod, Instant deadline) {
    return tasks.claim(
            work.kind().name(),
            work.ref(),
            pod.uid(),
            clusterId,
            pod.name(),
            clock.instant(),
            deadline)
        == 1;
  }

  @Transactional
  public void finish(PodTaskKind kind, String ref, String podUid, ExecResult result) {
    tasks.finish(
        kind,
        ref,
        podUid,
        result.succeeded() ? PodTaskStatus.SUCCESS : PodTaskStatus.FAILED,
        result.timedOut() ? null : result.exitCode(),
        result.output(),
        clock.instant());
  }

  /**
   * Keeps what a running task wrote before contact with it was lost, for the verdict at its
   * deadline to show.
   */
  @Transactional
  public void noteLost(PodTaskKind kind, String ref, String podUid, ExecResult result) {
    tasks.note(kind, ref, podUid, result.output());
  }

  @Transactional(readOnly = true)
  public List<PodTaskEntity> ofCluster(String clusterId) {
    return tasks.findByClusterIdOrderByStartedAtAscIdAsc(clusterId);
  }

  @Transactional(readOnly = true)
  public List<PodTaskEntity> of(PodTaskKind kind, String ref) {
    return tasks.findByKindAndRefOrderByPodNameAsc(kind, ref);
  }

  /**
   * Forgets the tasks of pods that are gone (a recreated pod gets everything again); deletes by
   * primary key, and only when there is something to delete.
   */
  @Transactional
  public void forgetGonePods(List<PodTaskEntity> tasksOfCluster, Collection<String> livePodUids) {
    List<Long> gone =
        tasksOfCluster.stream()
            .filter(t -> !livePodUids.contains(t.getPodUid()))
            .map(PodTaskEntity::getId)
            .toList();
    if (!gone.isEmpty()) {
      tasks.deleteAllByIdInBatch(gone);
    }
  }

  /** Forgets every task of the items (a retried or removed library, a deleted command). */
  @Transactional
  public void forget(PodTaskKind kind, Collection<String> refs) {
    if (!refs.isEmpty()) {
      tasks.deleteRefs(kind, refs);
    }
  }

  /**
   * Forgets the failed tasks of the items, so their pods run them again (a retried library). The
   * pods that succeeded keep theirs: they have the item, which an uninstall must know, and one
   * still running is left to finish.
   */
  @Transactional
  public void forgetFailed(PodTaskKind kind, Collection<String> refs) {
    if (!refs.isEmpty()) {
      tasks.deleteFailedRefs(kind, refs);
    }
  }

  /** Forgets the tasks of clusters that were stopped or deleted. */
  @Transactional
  public void forgetNotRunning() {
    tasks.clustersNotRunning().forEach(tasks::deleteCluster); // a read first: usually none
  }
}
