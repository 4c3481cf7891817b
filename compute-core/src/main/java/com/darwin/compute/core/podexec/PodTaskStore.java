package com.darwin.compute.core.podexec;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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

  /**
   * Claims the task for this pod: its id, which its result is written to, or empty when it was
   * already claimed (by another replica) or its item is no longer to be run ({@link
   * PodWorkSource#stillWanted}, asked inside this transaction).
   */
  @Transactional
  public Optional<Long> claim(
      PodWork work, String clusterId, LivePod pod, Instant deadline, PodWorkSource source) {
    if (!source.stillWanted(clusterId, work, pod)) {
      return Optional.empty();
    }
    int inserted =
        tasks.claim(
            work.kind().name(),
            work.ref(),
            pod.uid(),
            clusterId,
            pod.name(),
            clock.instant(),
            deadline);
    return inserted == 1 ? tasks.findId(work.kind(), work.ref(), pod.uid()) : Optional.empty();
  }

  /**
   * Writes how the task ended, if it is still running: by its id, so a late result lands on no
   * other attempt at the item on that pod (one claimed after this one timed out and was retried).
   */
  @Transactional
  public void finish(long taskId, ExecResult result) {
    tasks.finish(
        taskId,
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
  public void noteLost(long taskId, ExecResult result) {
    tasks.note(taskId, result.output());
  }

  /** The cluster's tasks, without their logs ({@link #logOf} reads one). */
  @Transactional(readOnly = true)
  public List<PodTaskState> ofCluster(String clusterId) {
    return tasks.statesOfClusters(List.of(clusterId));
  }

  /** The tasks of these clusters (without their logs), by cluster, oldest first. */
  @Transactional(readOnly = true)
  public Map<String, List<PodTaskState>> ofClusters(Collection<String> clusterIds) {
    return tasks.statesOfClusters(clusterIds).stream()
        .collect(Collectors.groupingBy(PodTaskState::clusterId));
  }

  /** What the task wrote (null when nothing, or when it is gone). */
  @Transactional(readOnly = true)
  public String logOf(long taskId) {
    return tasks.findLog(taskId);
  }

  /** How the cluster's items of this kind ran on each pod (without logs), by item. */
  @Transactional(readOnly = true)
  public Map<String, List<PodTaskRun>> runsOf(String clusterId, PodTaskKind kind) {
    return tasks.runsOfCluster(clusterId, kind).stream()
        .collect(Collectors.groupingBy(PodTaskRun::ref));
  }

  @Transactional(readOnly = true)
  public List<PodTaskEntity> of(PodTaskKind kind, String ref) {
    return tasks.findByKindAndRefOrderByPodNameAsc(kind, ref);
  }

  /**
   * Forgets the tasks of pods that are gone (a recreated pod gets everything again) and the
   * detached tasks that have ended; deletes by primary key, and only when there is something to
   * delete.
   *
   * @return whether any task was forgotten
   */
  public boolean prune(List<PodTaskState> tasksOfCluster, Collection<String> presentPodUids) {
    List<Long> gone =
        tasksOfCluster.stream()
            .filter(
                t ->
                    !presentPodUids.contains(t.podUid())
                        || (t.isDetached() && t.status() != PodTaskStatus.RUNNING))
            .map(PodTaskState::id)
            .toList();
    if (gone.isEmpty()) {
      // No transaction either: this runs for every cluster a visit reads, and almost always finds
      // nothing to forget.
      return false;
    }
    tasks.deleteAllByIdInBatch(gone); // its own transaction
    return true;
  }

  /**
   * Forgets the tasks of removed items (a deleted command; a library uninstalled from a stopped
   * cluster, whose tasks the runner forgets anyway). One still running is detached instead: its
   * program runs on in its pod until it ends (the runner stops a deleted command's), so the task
   * keeps the pod busy until it reports or reaches its deadline, and the runner then forgets it.
   * Forgetting it at once freed the pod for the next install beside it, and its late result landed
   * on the item's next task.
   */
  @Transactional
  public void forget(PodTaskKind kind, Collection<String> refs) {
    if (!refs.isEmpty()) {
      tasks.detachRunning(kind.name(), refs);
      tasks.deleteEndedRefs(kind, refs);
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

  /**
   * The clusters with detached tasks: the runner visits them although they may have nothing left to
   * run, to fail those past their deadline and forget those that ended.
   */
  @Transactional(readOnly = true)
  public List<String> clustersWithDetachedTasks() {
    return tasks.clustersWithDetachedTasks();
  }

  /** Forgets the tasks of clusters that were stopped or deleted. */
  @Transactional
  public void forgetNotRunning() {
    tasks.clustersNotRunning().forEach(tasks::deleteCluster); // a read first: usually none
  }
}
