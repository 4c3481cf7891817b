package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * When each simulated pod was created and (through the test knob) failed; with the current delays
 * that is all {@link SimulatedKubelet} needs. Used only from the operator's loop thread.
 */
final class PodClocks {

  private final Map<String, Instant> created = new HashMap<>();
  private final Map<String, Instant> failed = new HashMap<>();
  private final Supplier<OperatorDelays> delays;

  PodClocks(Supplier<OperatorDelays> delays) {
    this.delays = delays;
  }

  /** The timeline of an existing pod; a pod never seen before counts as created {@code now}. */
  SimulatedKubelet.Timeline timeline(Pod pod, Instant now) {
    String uid = pod.getMetadata().getUid();
    return timeline(pod, created.computeIfAbsent(uid, ignored -> now), failed.get(uid));
  }

  /** The timeline of a pod about to be created (it has no uid yet). */
  SimulatedKubelet.Timeline newPod(Pod pod, Instant now) {
    return timeline(pod, now, null);
  }

  private SimulatedKubelet.Timeline timeline(Pod pod, Instant createdAt, Instant failedAt) {
    OperatorDelays current = delays.get();
    return new SimulatedKubelet.Timeline(
        createdAt,
        isHead(pod) ? current.headReadyDelay() : current.workerReadyDelay(),
        current.jupyterReadyDelay(),
        failedAt);
  }

  void created(Pod pod, Instant at) {
    created.put(pod.getMetadata().getUid(), at);
  }

  void failed(Pod pod, Instant at) {
    failed.put(pod.getMetadata().getUid(), at);
  }

  /** A failed pod is replaced once the worker delay has passed since its failure. */
  boolean dueForReplacement(Pod pod, Instant now) {
    Instant failedAt = failed.get(pod.getMetadata().getUid());
    return failedAt != null && !now.isBefore(replacementDue(failedAt));
  }

  Instant replacementDue(Instant failedAt) {
    return failedAt.plus(delays.get().workerReadyDelay());
  }

  Instant createdAt(Pod pod, Instant fallback) {
    return created.getOrDefault(pod.getMetadata().getUid(), fallback);
  }

  void forget(Pod pod) {
    created.remove(pod.getMetadata().getUid());
    failed.remove(pod.getMetadata().getUid());
  }

  /** Drops the clocks of pods that no longer exist. */
  void retainOnly(Set<String> liveUids) {
    created.keySet().retainAll(liveUids);
    failed.keySet().retainAll(liveUids);
  }

  static boolean isHead(Pod pod) {
    return pod.getMetadata().getLabels() != null
        && KubeRay.HEAD.equals(pod.getMetadata().getLabels().get(KubeRay.NODE_TYPE_LABEL));
  }
}
