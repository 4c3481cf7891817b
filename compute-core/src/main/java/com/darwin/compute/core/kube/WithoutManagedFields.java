package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;

/**
 * An informer's store that keeps each object as the API server sent it, less its {@code
 * metadata.managedFields}: a record of which field manager set which field, nested maps as deep as
 * the object itself, which nothing here reads. Every watch cache keeps all the objects it watches
 * (every pod of every running cluster, every Event of a namespace), so this is memory the control
 * plane holds per object for as long as it runs. The object is trimmed in place before it is
 * stored, so the add, update and resync handlers get it trimmed too (a watched delete hands over
 * the event's own object, untrimmed); none reads managed fields. Keys are fabric8's default ({@code
 * namespace/name}: every kind watched here is namespaced).
 */
final class WithoutManagedFields<T extends HasMetadata> extends BasicItemStore<T> {

  WithoutManagedFields() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T object) {
    ObjectMeta metadata = object.getMetadata();
    if (metadata != null
        && metadata.getManagedFields() != null
        && !metadata.getManagedFields().isEmpty()) {
      metadata.setManagedFields(new ArrayList<>(0));
    }
    return super.put(key, object);
  }
}
