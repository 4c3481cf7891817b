package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * When each simulated pod was created and (through the test knob) failed, and the delays in force
 * at that moment: that is all {@link SimulatedKubelet} needs. Delays are fixed per pod when it is
 * created (or fails), as a real pod's start-up time is; changing the delays later affects new pods
 * only, never makes a ready pod unready. Used only from the operator's loop thread.
 */
final class PodClocks {

  private final Map<String, Instant> created = new HashMap<>();
  private final Map<String, Instant> failed = new HashMap<>();
  private final Map<String, OperatorDelays> delaysAtCreation = new HashMap<>();
  private final Map<String, OperatorDelays> delaysAtFailure = new HashMap<>();
  private final Supplier<OperatorDelays> delays;

  PodClocks(Supplier<OperatorDelays> delays) {
    this.delays = delays;
  }

  /** The timeline of an existing pod; a pod never seen before counts as created {@code now}. */
  SimulatedKubelet.Timeline timeline(Pod pod, Instant now) {
    String uid = pod.getMetadata().getUid();
    return timeline(
        created.computeIfAbsent(uid, ignored -> now),
        failed.get(uid),
        delaysAtCreation.computeIfAbsent(uid, ignored -> delays.get()),
        isHead(pod));
  }

  /** The timeline of a pod about to be created (it has no uid yet). */
  SimulatedKubelet.Timeline newPod(Pod pod, Instant now) {
    return timeline(now, null, delays.get(), isHead(pod));
  }

  private static SimulatedKubelet.Timeline timeline(
      Instant createdAt, Instant failedAt, OperatorDelays fixed, boolean head) {
    return new SimulatedKubelet.Timeline(
        createdAt,
        head ? fixed.headReadyDelay() : fixed.workerReadyDelay(),
        fixed.jupyterReadyDelay(),
        failedAt);
  }

  void created(Pod pod, Instant at) {
    created.put(pod.getMetadata().getUid(), at);
    delaysAtCreation.put(pod.getMetadata().getUid(), delays.get());
  }

  void failed(Pod pod, Instant at) {
    failed.put(pod.getMetadata().getUid(), at);
    delaysAtFailure.put(pod.getMetadata().getUid(), delays.get());
  }

  /** A failed pod is replaced once the worker delay has passed since its failure. */
  boolean dueForReplacement(Pod pod, Instant now) {
    Instant failedAt = failed.get(pod.getMetadata().getUid());
    return failedAt != null && !now.isBefore(replacementDue(pod, failedAt));
  }

  Instant replacementDue(Pod pod, Instant failedAt) {
    OperatorDelays fixed = delaysAtFailure.getOrDefault(pod.getMetadata().getUid(), delays.get());
    return failedAt.plus(fixed.workerReadyDelay());
  }

  Instant createdAt(Pod pod, Instant fallback) {
    return created.getOrDefault(pod.getMetadata().getUid(), fallback);
  }

  void forget(Pod pod) {
    created.remove(pod.getMetadata().getUid());
    failed.remove(pod.getMetadata().getUid());
    delaysAtCreation.remove(pod.getMetadata().getUid());
    delaysAtFailure.remove(pod.getMetadata().getUid());
  }

  /**
   * Drops the clocks of pods that no longer exist, except those created at or after {@code
   * createdSince}: the list of live pods comes from a cache that a new pod may not have reached.
   */
  void retainOnly(Set<String> liveUids, Instant createdSince) {
    Set<String> gone = new HashSet<>(created.keySet());
    gone.addAll(failed.keySet());
    gone.addAll(delaysAtCreation.keySet());
    gone.addAll(delaysAtFailure.keySet());
    gone.removeAll(liveUids);
    gone.removeIf(uid -> created.containsKey(uid) && !created.get(uid).isBefore(createdSince));
    created.keySet().removeAll(gone);
    failed.keySet().removeAll(gone);
    delaysAtCreation.keySet().removeAll(gone);
    delaysAtFailure.keySet().removeAll(gone);
  }

  static boolean isHead(Pod pod) {
    return pod.getMetadata().getLabels() != null
        && KubeRay.HEAD.equals(pod.getMetadata().getLabels().get(KubeRay.NODE_TYPE_LABEL));
  }
}
