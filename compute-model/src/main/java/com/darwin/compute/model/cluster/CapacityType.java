package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether pods go on on-demand or spot capacity. */
public enum CapacityType {
  ONDEMAND,
  SPOT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static CapacityType fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
