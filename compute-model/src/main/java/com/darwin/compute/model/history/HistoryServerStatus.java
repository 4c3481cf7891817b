package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The Python service's statuses of a Spark History Server: {@code created} (applied, its pod not
 * ready yet), {@code active} (ready), {@code inactive} (stopped, by a user or its time to live),
 * {@code failed} (its Deployment cannot make a ready pod, or it could not be applied).
 */
public enum HistoryServerStatus {
  CREATED,
  ACTIVE,
  INACTIVE,
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static HistoryServerStatus fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** Created or active: its objects are applied and its time to live runs. */
  public boolean running() {
    return this == CREATED || this == ACTIVE;
  }
}
