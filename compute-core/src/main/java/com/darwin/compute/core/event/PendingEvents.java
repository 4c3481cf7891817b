package com.darwin.compute.core.event;

import com.darwin.compute.core.kube.KubernetesEventObservation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes events waiting to be stored, in arrival order: each event once, at most {@code
 * limit} of them. Every informer resync delivers every event of the namespace again, so while the
 * database is down an unbounded queue would grow by the namespace's whole event list at each
 * resync, with no limit short of the heap. An event already waiting is not queued twice, and one
 * that finds the queue full is dropped and counted: Kubernetes keeps it (for an hour) and the next
 * resync delivers it again.
 */
final class PendingEvents {

  private final int limit;
  private final Map<String, KubernetesEventObservation> byKey = new LinkedHashMap<>();
  private long dropped;

  PendingEvents(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    this.limit = limit;
  }

  /**
   * Queues {@code event} unless it is waiting already. Returns 0 when it is queued (or was
   * waiting), else how many events have been dropped so far, this one included.
   */
  synchronized long offer(KubernetesEventObservation event) {
    if (byKey.containsKey(event.key())) {
      return 0;
    }
    if (byKey.size() >= limit) {
      return ++dropped;
    }
    byKey.put(event.key(), event);
    notifyAll();
    return 0;
  }

  /** Waits for at least one event, then takes the oldest, at most {@code max} of them. */
  synchronized List<KubernetesEventObservation> take(int max) throws InterruptedException {
    while (byKey.isEmpty()) {
      wait();
    }
    List<KubernetesEventObservation> taken = new ArrayList<>(Math.min(max, byKey.size()));
    Iterator<KubernetesEventObservation> oldest = byKey.values().iterator();
    while (oldest.hasNext() && taken.size() < max) {
      taken.add(oldest.next());
      oldest.remove();
    }
    return taken;
  }

  synchronized int size() {
    return byKey.size();
  }

  /** Events dropped so far because the queue was full. */
  synchronized long dropped() {
    return dropped;
  }
}
