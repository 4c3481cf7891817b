package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link ClusterStatus} under its wire name, which is what the ENUM column lists. */
@Converter
public class ClusterStatusConverter implements AttributeConverter<ClusterStatus, String> {
  @Override
  public String convertToDatabaseColumn(ClusterStatus status) {
    return status == null ? null : status.wireName();
  }

  @Override
  public ClusterStatus convertToEntityAttribute(String value) {
    return value == null ? null : ClusterStatus.fromWire(value);
  }
}
