package com.darwin.compute.core.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A delay queue of keys with the guarantees a reconciler needs: a key is never handed to two
 * workers at once, a key added while it is being processed is processed again afterwards, and a key
 * queued several times is processed once (at the earliest time asked).
 */
final class KeyedWorkQueue {

  private final DelayQueue<Item> queue = new DelayQueue<>();
  private final Map<String, Long> queuedAt = new HashMap<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Long> requeueAfterProcessing = new HashMap<>();

  void add(String key) {
    addAfter(key, Duration.ZERO);
  }

  synchronized void addAfter(String key, Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    if (processing.contains(key)) {
      requeueAfterProcessing.merge(key, due, Math::min);
      return;
    }
    Long current = queuedAt.get(key);
    if (current != null && current <= due) {
      return;
    }
    queuedAt.put(key, due);
    queue.add(new Item(key, due));
  }

  /** Blocks until a key is due; the caller must call {@link #done(String)} afterwards. */
  String take() throws InterruptedException {
    while (true) {
      Item item = queue.take();
      synchronized (this) {
        Long due = queuedAt.get(item.key);
        if (due == null || due != item.due) {
          continue; // superseded by an earlier entry for the same key
        }
        queuedAt.remove(item.key);
        processing.add(item.key);
        return item.key;
      }
    }
  }

  synchronized void done(String key) {
    processing.remove(key);
    Long due = requeueAfterProcessing.remove(key);
    if (due != null) {
      long delay = Math.max(0, due - System.nanoTime());
      addAfter(key, Duration.ofNanos(delay));
    }
  }

  synchronized int size() {
    return queuedAt.size();
  }

  /** Keys queued (due or not) or being processed. */
  synchronized int backlog() {
    return queuedAt.size() + processing.size();
  }

  private record Item(String key, long due) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(due, ((Item) other).due);
    }
  }
}
