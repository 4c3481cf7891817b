package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterRequest;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
   * parsing the same spec again on every read of its row (a pass, its status write, the indexer).
   * The values are immutable, so one instance serves every row with that JSON. Bounded: emptied
   * when full, so at worst (more distinct specs read in turn than it holds) each read parses, as
   * before.
   */
  static final int PARSED_CAPACITY = 256;

  private static final Map<String, ClusterRequest> PARSED = new ConcurrentHashMap<>();

  private final ClusterSpecCodec codec = new ClusterSpecCodec();

  @Override
  public String convertToDatabaseColumn(ClusterRequest spec) {
    if (spec == null) {
      return null;
    }
    String json = codec.write(spec);
    // The row's next read (as a database without a JSON type returns it) needs no parse.
    remember(json, spec);
    return json;
  }

  @Override
  public ClusterRequest convertToEntityAttribute(String json) {
    if (json == null) {
      return null;
    }
    ClusterRequest known = PARSED.get(json);
    if (known != null) {
      return known;
    }
    ClusterRequest spec = codec.read(json);
    remember(json, spec);
    return spec;
  }

  static int parsedCount() {
    return PARSED.size();
  }

  private static void remember(String json, ClusterRequest spec) {
    if (PARSED.size() >= PARSED_CAPACITY) {
      PARSED.clear();
    }
    PARSED.put(json, spec);
  }
}
