package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterRequest;
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

  private final ClusterSpecCodec codec = new ClusterSpecCodec();

  @Override
  public String convertToDatabaseColumn(ClusterRequest spec) {
    return spec == null ? null : codec.write(spec);
  }

  @Override
  public ClusterRequest convertToEntityAttribute(String json) {
    return json == null ? null : codec.read(json);
  }
}
