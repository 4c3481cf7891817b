package com.darwin.compute.model.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The three statuses the Darwin UI groups the backend statuses into. */
public enum UiClusterStatus {
  INACTIVE,
  CREATING,
  ACTIVE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static UiClusterStatus fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** The backend statuses shown as this UI status. */
  public List<ClusterStatus> backendStatuses() {
    return Arrays.stream(ClusterStatus.values()).filter(s -> s.uiStatus() == this).toList();
  }
}
