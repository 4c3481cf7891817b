package com.darwin.compute.core.runtime;

import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.store.CacheInvalidation;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runtimes by name for the create and reconcile paths, cached (issue 21: a create read the same
 * runtime and its components three times, two statements each). A runtime changes only through an
 * admin's edit or the catalogue sync: those call {@link #changed()}, which empties the cache when
 * their transaction ends; another replica's edit is seen once an entry is older than {@code
 * compute.runtimes.lookup-cache-ttl}. Only runtimes that exist are kept (a name nobody has is asked
 * again, and made-up names cannot fill memory). The entities handed out are detached and shared:
 * read them, never change or save them.
 */
@Component
public class RuntimeLookups {

  private final RuntimeRepository runtimes;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> byName = new ConcurrentHashMap<>();

  /** Bumped by every invalidation: a load that began before it is not kept. */
  private final AtomicLong generation = new AtomicLong();

  @Autowired
  public RuntimeLookups(RuntimeRepository runtimes, RuntimeProperties properties) {
    this(runtimes, properties.lookupCacheTtl(), System::nanoTime);
  }

  RuntimeLookups(RuntimeRepository runtimes, Duration ttl, LongSupplier nanoTime) {
    this.runtimes = runtimes;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  private record Entry(RuntimeEntity runtime, long loadedAt) {}

  /** The runtime of this name, deleted or not (a stopped cluster may still run a deleted one). */
  public Optional<RuntimeEntity> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    long now = nanoTime.getAsLong();
    Entry cached = byName.get(name);
    if (cached != null && now - cached.loadedAt() < ttlNanos) {
      return Optional.of(cached.runtime());
    }
    long before = generation.get();
    Optional<RuntimeEntity> loaded = runtimes.findByRuntime(name);
    if (ttlNanos > 0 && loaded.isPresent() && generation.get() == before) {
      byName.put(name, new Entry(loaded.get(), now));
    }
    return loaded;
  }

  /** The runtime of this name if it is offered (not deleted). */
  public Optional<RuntimeEntity> findOffered(String name) {
    return find(name).filter(r -> !r.isDeleted());
  }

  /**
   * A runtime is being changed in the current transaction: forget every cached one now and again
   * when the transaction ends (a read in between may have cached what was there before).
   */
  public void changed() {
    CacheInvalidation.nowAndAfterTransaction(this::invalidate);
  }

  private void invalidate() {
    generation.incrementAndGet();
    byName.clear();
  }
}
