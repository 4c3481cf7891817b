package com.darwin.compute.core.manifest;

import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.store.ClusterEntity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Renders made while a request was validated, handed to the reconciler so that the pass after the
 * commit applies them instead of rendering the same cluster again (issue 12: a create rendered
 * twice). Keyed by cluster id and spec version: a render is used at most once, and only for the
 * spec version it was made from; whatever is absent (after a restart, on another replica, evicted)
 * is simply rendered again. Small and bounded: an entry lives from a commit to the next pass of its
 * cluster, milliseconds, and the eldest is dropped when a burst of creates outruns the reconciler.
 *
 * <p>A create also leaves the row it committed (issue 21): the first pass after the commit starts
 * from it instead of reading it back, so nothing but the lease is sent to MySQL before the
 * RayCluster's create. The row is handed out once; a change committed after it queues a pass of its
 * own, which reads the row as usual (level-triggered: the later pass corrects whatever the first
 * did from the older row).
 */
@Component
public class RenderHandOver {

  static final int DEFAULT_CAPACITY = 64;

  private final int capacity;
  private final Map<String, Entry> renders;

  public RenderHandOver() {
    this(DEFAULT_CAPACITY);
  }

  RenderHandOver(int capacity) {
    this.capacity = capacity;
    this.renders =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > RenderHandOver.this.capacity;
          }
        };
  }

  private record Entry(int specVersion, RenderedCluster rendered, ClusterEntity committed) {}

  /** Leaves the render of a cluster's spec version for its next pass (replacing an older one). */
  public void offer(String clusterId, int specVersion, RenderedCluster rendered) {
    offer(clusterId, specVersion, rendered, null);
  }

  /**
   * The same, with the row as the offering transaction writes it (the caller no longer changes it
   * once committed); null when the pass is to read the row itself.
   */
  public synchronized void offer(
      String clusterId, int specVersion, RenderedCluster rendered, ClusterEntity committed) {
    renders.remove(clusterId);
    renders.put(clusterId, new Entry(specVersion, rendered, committed));
  }

  /**
   * Takes the row left with a render, if any: the render itself stays for {@link #take}. Only after
   * the offering transaction committed (the pass that calls this is queued by the commit).
   */
  public synchronized Optional<ClusterEntity> takeCommitted(String clusterId) {
    Entry entry = renders.get(clusterId);
    if (entry == null || entry.committed() == null) {
      return Optional.empty();
    }
    renders.put(clusterId, new Entry(entry.specVersion(), entry.rendered(), null));
    return Optional.of(entry.committed());
  }

  /**
   * Takes the render left for this cluster: present only when it was made from this spec version.
   * Whatever was left for the cluster is gone afterwards, used or not.
   */
  public synchronized Optional<RenderedCluster> take(String clusterId, int specVersion) {
    Entry entry = renders.remove(clusterId);
    return entry != null && entry.specVersion() == specVersion
        ? Optional.of(entry.rendered())
        : Optional.empty();
  }

  /** Forgets the render left for a cluster (its transaction rolled back, or it is gone). */
  public synchronized void drop(String clusterId) {
    renders.remove(clusterId);
  }

  synchronized int size() {
    return renders.size();
  }
}
