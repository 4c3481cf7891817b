package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Immutable;

/**
 * Stores a cluster's spec as the JSON the codec writes (the bytes the column has always held) and
 * reads it back through the same codec, which ignores fields it no longer knows and fills in the
 * defaults of fields added since, so rows written by older versions still load.
 *
 * <p>{@link Immutable}: the spec is a record of records and unmodifiable collections, replaced as a
 * whole and never changed in place. Without this Hibernate would treat the value as mutable and
 * copy it through JSON for every loaded row to keep a dirty-checking snapshot; with it, the loaded
 * value is its own snapshot and is compared by {@code equals}, so reading a cluster never writes
 * it.
 */
@Converter
@Immutable
public class ClusterSpecConverter implements AttributeConverter<ClusterRequest, String> {

  /**
   * Specs already parsed, by their JSON (issue 21): a third of a reconcile pass's CPU went to
   * parsing the same spec again on every read of its row (a pass, its status write, the indexer, a
   * full view). The values are immutable, so one instance serves every row with that JSON.
   *
   * <p>Bounded by the characters of JSON held (a parsed spec takes about as much again), and the
   * least recently and frequently used spec leaves first. It used to be a map of 256 specs emptied
   * when full: with B1's 1,000 clusters read in turn it was emptied every 256 reads and nearly
   * every full view parsed its spec. 4 Mi characters hold about 6,700 specs of the Quick Start's
   * size.
   */
  static final long PARSED_JSON_BUDGET = 4L << 20;

  private static final Cache<String, ClusterRequest> PARSED = parsedSpecs(PARSED_JSON_BUDGET);

  private final ClusterSpecCodec codec = new ClusterSpecCodec();

  @Override
  public String convertToDatabaseColumn(ClusterRequest spec) {
    if (spec == null) {
      return null;
    }
    String json = codec.write(spec);
    // The row's next read (as a database without a JSON type returns it) needs no parse.
    PARSED.put(json, spec);
    return json;
  }

  @Override
  public ClusterRequest convertToEntityAttribute(String json) {
    if (json == null) {
      return null;
    }
    return PARSED.get(json, codec::read);
  }

  /**
   * A cache of parsed specs holding at most {@code budget} characters of JSON. Evictions run on the
   * caller's thread (no pool hand-off for a map this cheap to maintain).
   */
  static Cache<String, ClusterRequest> parsedSpecs(long budget) {
    return Caffeine.newBuilder()
        .maximumWeight(budget)
        .weigher((String json, ClusterRequest spec) -> json.length())
        .executor(Runnable::run)
        .build();
  }

  /** The characters of JSON the shared cache holds now. */
  static long parsedWeight() {
    PARSED.cleanUp();
    return PARSED.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }
}
