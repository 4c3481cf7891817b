package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A label whose value names what an object belongs to (a cluster id, a Jupyter pod): the informer
 * index by it, and the event handler that tells listeners which owner changed (not of an update
 * that changed nothing: a resync's).
 *
 * @param orElse the owner of an object without the label (removed by hand), from what else names
 *     it, or null: a RayCluster's name says its cluster
 */
public record LabelKey(String label, Function<HasMetadata, String> orElse) {

  public LabelKey(String label) {
    this(label, object -> null);
  }

  /** The label's value as an informer index entry (else {@code orElse}'s, else none). */
  public List<String> index(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(label);
    if (value == null) {
      value = orElse.apply(object);
    }
    return value == null ? List.of() : List.of(value);
  }

  /**
   * A handler passing the label's value of every added, updated or deleted object on (of an update,
   * the value before it as well, when it differs).
   */
  public <T extends HasMetadata> ResourceEventHandler<T> notifying(Consumer<String> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        index(obj).forEach(changed);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (Informers.sameVersion(oldObj, newObj)) {
          // The informer's periodic resync hands every cached object over again, unchanged: a
          // full pass for each of thousands at once (every replica, every resync interval) would
          // tell nothing new. Missed changes are the resync scan's to find, in one query.
          return;
        }
        // The owner it had too: the label removed or changed by hand is a change of that owner's
        // object, which it must look at (to write the label back), not a silence.
        List<String> now = index(newObj);
        now.forEach(changed);
        index(oldObj).stream().filter(value -> !now.contains(value)).forEach(changed);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        index(obj).forEach(changed);
      }
    };
  }
}
