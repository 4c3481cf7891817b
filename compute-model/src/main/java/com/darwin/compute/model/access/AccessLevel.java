package com.darwin.compute.model.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user or group a cluster is shared with may do, each level including the ones before it (as
 * Databricks' cluster permissions): attach (run code: remote commands, jobs, keep-alive), restart
 * (start, stop, restart), manage (edit, delete, libraries, sharing).
 */
public enum AccessLevel {
  CAN_ATTACH,
  CAN_RESTART,
  CAN_MANAGE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static AccessLevel fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  public boolean includes(AccessLevel other) {
    return compareTo(other) >= 0;
  }
}
