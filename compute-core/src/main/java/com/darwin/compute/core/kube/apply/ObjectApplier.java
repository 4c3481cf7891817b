package com.darwin.compute.core.kube.apply;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one way the control plane makes an object of any {@link ObjectKind} exist as rendered, or go
 * away. Each call reports what it did ({@link ApplyResult}); an object whose stamped hash matches
 * the live copy costs no write.
 *
 * <p>The apply mode is chosen once, here: server-side apply with the control plane's field manager
 * in production; create-or-update for API servers without it (the sandbox's mock server), where
 * fields owned by others are carried over by the kind.
 */
@Component
public class ObjectApplier {

  /** Writes of one object that lost a race with another writer, before the pass gives up. */
  static final int CONFLICT_ATTEMPTS = 5;

  private static final Set<String> NOT_CONTENT = Set.of("apiVersion", "kind", "metadata", "status");

  private final ApplyMode mode;
  private final String fieldManager;
  private final KubernetesSerialization json = new KubernetesSerialization();

  /**
   * How many applied objects this replica remembers (about 250 bytes each). The objects of a
   * deleted cluster (its ConfigMaps, its NetworkPolicy: Kubernetes collects them) and those another
   * replica deleted are never deleted here, so without a bound it grew with every cluster, Jupyter
   * pod and history server ever made. One forgotten is applied again as by a replica just started:
   * in server-side mode one forced apply (reported as created), in update mode a create that
   * answers 409 and is then read and compared (or, for created-only kinds, a read).
   */
  static final int REMEMBERED = 50_000;

  /** What this replica last applied, for kinds no informer caches. */
  private final Cache<String, String> applied;

  // Two constructors: without this Spring finds no default one and the application cannot start.
  @Autowired
  public ObjectApplier(KubernetesProperties properties) {
    this(properties.applyMode(), properties.fieldManager());
  }

  public ObjectApplier(ApplyMode mode, String fieldManager) {
    this(mode, fieldManager, REMEMBERED);
  }

  ObjectApplier(ApplyMode mode, String fieldManager, int remembered) {
    this.mode = mode;
    this.fieldManager = fieldManager;
    this.applied = Caffeine.newBuilder().maximumSize(remembered).executor(Runnable::run).build();
  }

  /** How many applied objects it remembers now. */
  long remembered() {
    applied.cleanUp();
    return applied.estimatedSize();
  }

  /**
   * Applies an object whose live copy the caller knows (from an informer cache).
   *
   * @param live the object as last seen, or null when it does not exist
   */
  public <T extends HasMetadata> ApplyResult apply(
      KubernetesTarget target, ObjectKind<T> kind, T desired, T live) {
    return applyAndGet(target, kind, desired, live).result();
  }

  /**
   * The same, with the object as the API server answered the write (its uid, for owner references
   * of what is created next), or the live object when nothing was written.
   */
  public <T extends HasMetadata> Written<T> applyAndGet(
      KubernetesTarget target, ObjectKind<T> kind, T desired, T live) {
    ObjectHash.stamp(kind, desired, Map.of());
    return writeStamped(target, kind, desired, live);
  }

  /**
   * The same for an object its caller has already stamped ({@code ClusterManifests.forApply} does,
   * with the restart generation) and not changed since: its hash is not computed a second time
   * (hashing serialises the owned content). One that carries no hash is stamped here.
   */
  public <T extends HasMetadata> Written<T> applyStampedAndGet(
      KubernetesTarget target, ObjectKind<T> kind, T desired, T live) {
    if (ObjectHash.annotationOf(desired) == null) {
      ObjectHash.stamp(kind, desired, Map.of());
    }
    return writeStamped(target, kind, desired, live);
  }

  private <T extends HasMetadata> Written<T> writeStamped(
      KubernetesTarget target, ObjectKind<T> kind, T desired, T live) {
    Written<T> written = write(target, kind, desired, live);
    String key = key(target, kind, desired);
    if (written.object() == null || terminating(written.object())) {
      // Not there, or on its way out (a stop's delete still finishing): remembered as applied,
      // it would not be written again once it is gone, until a recheck.
      applied.invalidate(key);
    } else {
      applied.put(key, ObjectHash.annotationOf(desired));
    }
    return written;
  }

  /**
   * What one apply did, and the object as it now is (null only when the API server answered
   * nothing).
   */
  public record Written<T extends HasMetadata>(ApplyResult result, T object) {}

  /**
   * Applies an object no informer caches: when this replica last applied the same content it is
   * left alone without a request; otherwise (or when {@code recheck}) the live object is read
   * first.
   *
   * @param recheck read the live object even when the same content was applied before, to repair an
   *     object deleted behind the control plane's back
   */
  public <T extends HasMetadata> ApplyResult applyUncached(
      KubernetesTarget target, ObjectKind<T> kind, T desired, boolean recheck) {
    ObjectHash.stamp(kind, desired, Map.of());
    String key = key(target, kind, desired);
    String last = applied.getIfPresent(key);
    if (!recheck && Objects.equals(last, ObjectHash.annotationOf(desired))) {
      return ApplyResult.UNCHANGED;
    }
    return checkedWrite(target, kind, desired, last).result();
  }

  /**
   * Applies an object no informer caches as {@link #applyUncached} does with {@code recheck}, and
   * answers the object as it now is (its uid, for owner references of what is written next).
   */
  public <T extends HasMetadata> Written<T> applyUncachedAndGet(
      KubernetesTarget target, ObjectKind<T> kind, T desired) {
    ObjectHash.stamp(kind, desired, Map.of());
    return checkedWrite(target, kind, desired, applied.getIfPresent(key(target, kind, desired)));
  }

  /**
   * Writes an object's content even where the live object carries the same hash: for content
   * changed by hand under an unchanged hash annotation, which a comparison of hashes cannot see.
   * The object must exist.
   */
  public <T extends HasMetadata> ApplyResult rewrite(
      KubernetesTarget target, ObjectKind<T> kind, T desired) {
    if (kind.policy() == UpdatePolicy.CREATE_ONLY) {
      throw new IllegalArgumentException(kind.name() + " objects are created, never rewritten");
    }
    ObjectHash.stamp(kind, desired, Map.of());
    var resources =
        kind.operations().apply(target.client()).inNamespace(namespaceOf(target, desired));
    ApplyResult result = ApplyResult.PATCHED;
    if (mode == ApplyMode.SERVER_SIDE && kind.policy() == UpdatePolicy.KEEP_AS_RENDERED) {
      resources.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
    } else {
      result = updated(resources, kind, desired, false).result();
    }
    applied.put(key(target, kind, desired), ObjectHash.annotationOf(desired));
    return result;
  }

  /** Writes a stamped object unless the live one, read first, has its content already. */
  private <T extends HasMetadata> Written<T> checkedWrite(
      KubernetesTarget target, ObjectKind<T> kind, T desired, String lastApplied) {
    if (lastApplied == null && kind.policy() != UpdatePolicy.CREATE_ONLY) {
      // Never applied by this replica (a new cluster's objects, mostly): created straight away,
      // one request instead of a read and a create; one that exists answers 409 and is then read
      // and compared. Not for created-only kinds: those (shared workspace claims) mostly exist.
      return writeStamped(target, kind, desired, null);
    }
    T live = current(target, kind, namespaceOf(target, desired), desired.getMetadata().getName());
    return writeStamped(target, kind, desired, live);
  }

  /**
   * Whether this replica's last write of the object was this content (a write that failed is not
   * remembered): what {@link #applyUncached} with no recheck would leave alone without a request.
   */
  public <T extends HasMetadata> boolean isApplied(
      KubernetesTarget target, ObjectKind<T> kind, T desired) {
    ObjectHash.stamp(kind, desired, Map.of());
    return Objects.equals(
        applied.getIfPresent(key(target, kind, desired)), ObjectHash.annotationOf(desired));
  }

  /**
   * Whether {@code live} carries the content this replica last wrote to it: false when it never
   * wrote it (since it started) or someone wrote other content since (another replica, during a
   * rolling upgrade or after taking a lease over, or a person). Read from the live object's hash
   * annotation, not stamped again.
   */
  public boolean carriesLastWrite(KubernetesTarget target, ObjectKind<?> kind, HasMetadata live) {
    String hash = ObjectHash.annotationOf(live);
    return hash != null && hash.equals(applied.getIfPresent(key(target, kind, live)));
  }

  /**
   * The object as the API server has it now (not as a watch last saw it), or null when there is
   * none.
   */
  public <T extends HasMetadata> T current(
      KubernetesTarget target, ObjectKind<T> kind, String namespace, String name) {
    return resource(target, kind, namespace, name).get();
  }

  /**
   * Deletes an object (its dependents are collected by Kubernetes in the background).
   *
   * @return {@link ApplyResult#DELETED}, or {@link ApplyResult#UNCHANGED} when it did not exist
   */
  public <T extends HasMetadata> ApplyResult delete(
      KubernetesTarget target, ObjectKind<T> kind, String namespace, String name) {
    applied.invalidate(key(target, kind, namespace, name));
    return deleted(resource(target, kind, namespace, name).delete());
  }

  /**
   * Deletes an object only while it is at {@code resourceVersion}: one changed or re-created since
   * it was read answers 409 (a {@link io.fabric8.kubernetes.client.KubernetesClientException}) and
   * stays.
   */
  public <T extends HasMetadata> ApplyResult deleteAt(
      KubernetesTarget target,
      ObjectKind<T> kind,
      String namespace,
      String name,
      String resourceVersion) {
    applied.invalidate(key(target, kind, namespace, name));
    return deleted(
        resource(target, kind, namespace, name).lockResourceVersion(resourceVersion).delete());
  }

  private static <T extends HasMetadata> Resource<T> resource(
      KubernetesTarget target, ObjectKind<T> kind, String namespace, String name) {
    return kind.operations().apply(target.client()).inNamespace(namespace).withName(name);
  }

  private static ApplyResult deleted(List<StatusDetails> details) {
    return details == null || details.isEmpty() ? ApplyResult.UNCHANGED : ApplyResult.DELETED;
  }

  /**
   * Whether a live object needs no write: a created-only kind, or one carrying the hash of the
   * desired content and its labels. The labels are checked too, as they are what the watches select
   * on: one removed by hand under an unchanged hash hides the object from its informer (then read
   * and found "as rendered" at every pass) until it is written again. Labels others added do not
   * make a write (an update-mode write replaces the labels with the rendered ones, as every update
   * does).
   */
  private static <T extends HasMetadata> boolean asRendered(ObjectKind<T> kind, T live, T desired) {
    if (kind.policy() == UpdatePolicy.CREATE_ONLY) {
      return true; // written once
    }
    if (!Objects.equals(ObjectHash.annotationOf(live), ObjectHash.annotationOf(desired))) {
      return false;
    }
    Map<String, String> want = desired.getMetadata().getLabels();
    if (want == null || want.isEmpty()) {
      return true;
    }
    Map<String, String> have = live.getMetadata().getLabels();
    return have != null && have.entrySet().containsAll(want.entrySet());
  }

  private static boolean terminating(HasMetadata object) {
    return object.getMetadata() != null && object.getMetadata().getDeletionTimestamp() != null;
  }

  private <T extends HasMetadata> Written<T> write(
      KubernetesTarget target, ObjectKind<T> kind, T desired, T live) {
    if (live != null && (terminating(live) || asRendered(kind, live, desired))) {
      // On its way out, an object is not written (a write would not keep it, and its finalizer
      // may hold it for a while): left as it is, and not remembered as applied (writeStamped), so
      // it is made again once gone.
      return new Written<>(ApplyResult.UNCHANGED, live);
    }
    var resources =
        kind.operations().apply(target.client()).inNamespace(namespaceOf(target, desired));
    if (mode == ApplyMode.SERVER_SIDE && kind.policy() == UpdatePolicy.KEEP_AS_RENDERED) {
      T applied = desired;
      if (live != null && kind.appliedOverLive()) {
        // Read now, not the informer's copy: a count the autoscaler wrote since would be undone.
        // Gone meanwhile, nothing of it is carried over: the apply makes it as rendered.
        T current = resources.withName(desired.getMetadata().getName()).get();
        applied = current == null ? desired : carriedOver(kind, desired, current);
      }
      T now =
          resources.resource(applied).fieldManager(fieldManager).forceConflicts().serverSideApply();
      return new Written<>(live == null ? ApplyResult.CREATED : ApplyResult.PATCHED, now);
    }
    T current = live;
    if (current == null) {
      try {
        return new Written<>(ApplyResult.CREATED, resources.resource(desired).create());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Created meanwhile (by another replica, or before the informer saw our own create):
        // compare with the real object before writing anything.
        current = resources.withName(desired.getMetadata().getName()).get();
        if (current == null) {
          // Deleted between the 409 and the read: created now (a second 409 is thrown).
          return new Written<>(ApplyResult.CREATED, resources.resource(desired).create());
        }
        if (terminating(current) || asRendered(kind, current, desired)) {
          return new Written<>(ApplyResult.UNCHANGED, current);
        }
      }
    }
    return updated(resources, kind, desired, true);
  }

  /**
   * Replaces the live object's content with the desired one. The update carries the resource
   * version it read, so a write by someone else in between (the operator recording status, most
   * often) makes it a 409: the object is then read again and, unless the winner wrote the same
   * content, replaced again, as client-go's RetryOnConflict does, rather than failing the whole
   * pass into its backoff.
   *
   * @param sameHashIsDone a winner carrying the desired hash ends it (not for a rewrite, whose
   *     object carries that hash already)
   */
  private <T extends HasMetadata> Written<T> updated(
      NonNamespaceOperation<T, ?, ? extends Resource<T>> resources,
      ObjectKind<T> kind,
      T desired,
      boolean sameHashIsDone) {
    Resource<T> resource = resources.withName(desired.getMetadata().getName());
    for (int attempt = 1; ; attempt++) {
      try {
        // By name, not by object: each edit reads the object as it is now.
        return new Written<>(
            ApplyResult.PATCHED, resource.edit(current -> replaced(kind, desired, current)));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
      pauseAfterConflict(attempt);
      T winner = resource.get();
      if (sameHashIsDone && winner != null && asRendered(kind, winner, desired)) {
        // Another replica applied the same content.
        return new Written<>(ApplyResult.UNCHANGED, winner);
      }
    }
  }

  /** A few milliseconds, growing and jittered, so writers that met do not meet again at once. */
  private static void pauseAfterConflict(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What a server-side apply over {@code live} sends: the rendered object with what others own in
   * the live one carried over ({@link ObjectKind#carryOver}: the autoscaler's worker counts). A
   * forced apply replaces a list the schema declares atomic, as KubeRay's {@code workerGroupSpecs}
   * is, whole: the counts left out of it were not kept but defaulted to 0, and the autoscaler's
   * {@code workersToDelete} dropped, by every apply to a running cluster. No {@code
   * resourceVersion} precondition: KubeRay's status writes change it all the time, and a count the
   * autoscaler changed in the moment since {@code live} was read (just before) is set again at its
   * next round.
   */
  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T carriedOver(ObjectKind<T> kind, T desired, T live) {
    Map<String, Object> desiredMap = json.convertValue(desired, Map.class);
    kind.carryOver().accept(desiredMap, json.convertValue(live, Map.class));
    return (T) json.convertValue(desiredMap, desired.getClass());
  }

  /** The live object with the owned metadata and content of the desired one. */
  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T replaced(ObjectKind<T> kind, T desired, T current) {
    Map<String, Object> currentMap = json.convertValue(current, Map.class);
    Map<String, Object> desiredMap = json.convertValue(desired, Map.class);
    kind.carryOver().accept(desiredMap, currentMap);
    Map<String, Object> result = new LinkedHashMap<>(currentMap);
    result
        .keySet()
        .removeIf(field -> !NOT_CONTENT.contains(field) && !desiredMap.containsKey(field));
    desiredMap.forEach(
        (field, value) -> {
          if (!NOT_CONTENT.contains(field)) {
            result.put(field, value);
          }
        });
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) currentMap.get("metadata"));
    Map<String, Object> desiredMetadata = (Map<String, Object>) desiredMap.get("metadata");
    metadata.put("labels", desiredMetadata.get("labels"));
    Map<String, Object> annotations = new HashMap<>();
    if (metadata.get("annotations") instanceof Map<?, ?> liveAnnotations) {
      annotations.putAll((Map<String, Object>) liveAnnotations);
    }
    if (desiredMetadata.get("annotations") instanceof Map<?, ?> ownAnnotations) {
      annotations.putAll((Map<String, Object>) ownAnnotations);
    }
    metadata.put("annotations", annotations);
    if (desiredMetadata.get("ownerReferences") != null) {
      metadata.put("ownerReferences", desiredMetadata.get("ownerReferences"));
    }
    result.put("metadata", metadata);
    return (T) json.convertValue(result, current.getClass());
  }

  private static String namespaceOf(KubernetesTarget target, HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null ? target.namespace() : namespace;
  }

  private static String key(KubernetesTarget target, ObjectKind<?> kind, HasMetadata object) {
    return key(target, kind, namespaceOf(target, object), object.getMetadata().getName());
  }

  private static String key(
      KubernetesTarget target, ObjectKind<?> kind, String namespace, String name) {
    return target.name() + "/" + kind.name() + "/" + namespace + "/" + name;
  }
}
