package com.darwin.compute.core.manifest;

import com.darwin.compute.core.render.RenderedCluster;
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

  private record Entry(int specVersion, RenderedCluster rendered) {}

  /** Leaves the render of a cluster's spec version for its next pass (replacing an older one). */
  public synchronized void offer(String clusterId, int specVersion, RenderedCluster rendered) {
    renders.remove(clusterId);
    renders.put(clusterId, new Entry(specVersion, rendered));
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
