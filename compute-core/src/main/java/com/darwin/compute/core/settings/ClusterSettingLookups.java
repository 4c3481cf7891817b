package com.darwin.compute.core.settings;

import com.darwin.compute.core.config.ClusterConfigProperties;
import com.darwin.compute.core.store.CacheInvalidation;
import com.darwin.compute.core.store.ClusterConfigEntity;
import com.darwin.compute.core.store.ClusterConfigRepository;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code /cluster-config} values that every create reads (the default targets), cached: the read
 * was a statement and a managed entity in every create's transaction (issue 21). A value changes
 * only through {@link ClusterSettings}, which calls {@link #changed()}: the cache is emptied then
 * and again when its transaction ends; another replica's write is seen once an entry is older than
 * {@code compute.cluster-config.lookup-cache-ttl}. A missing key is cached too (the usual case: no
 * default target set). Keys are the callers' constants, never a request's text.
 */
@Component
public class ClusterSettingLookups {

  private final ClusterConfigRepository settings;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> byKey = new ConcurrentHashMap<>();

  /** Bumped by every invalidation: a read that began before it is not kept. */
  private final AtomicLong generation = new AtomicLong();

  @Autowired
  public ClusterSettingLookups(
      ClusterConfigRepository settings, ClusterConfigProperties properties) {
    this(settings, properties.lookupCacheTtl(), System::nanoTime);
  }

  ClusterSettingLookups(ClusterConfigRepository settings, Duration ttl, LongSupplier nanoTime) {
    this.settings = settings;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  private record Entry(Optional<String> value, long loadedAt) {}

  /** The setting's value, stripped of surrounding blanks, or empty when the key is not set. */
  public Optional<String> value(String key) {
    long now = nanoTime.getAsLong();
    Entry cached = byKey.get(key);
    if (cached != null && now - cached.loadedAt() < ttlNanos) {
      return cached.value();
    }
    long before = generation.get();
    Optional<String> loaded =
        settings.findById(key).map(ClusterConfigEntity::getValue).map(String::strip);
    if (ttlNanos > 0 && generation.get() == before) {
      byKey.put(key, new Entry(loaded, now));
    }
    return loaded;
  }

  /**
   * A setting is being written in the current transaction: forget every cached value now and again
   * when the transaction ends (a read in between may have cached what was there before).
   */
  public void changed() {
    CacheInvalidation.nowAndAfterTransaction(this::invalidate);
  }

  private void invalidate() {
    generation.incrementAndGet();
    byKey.clear();
  }
}
