package com.darwin.compute.model.jupyter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a Jupyter pod is, from the watches on its Deployment and pod: {@code creating} until its
 * Jupyter server answers its readiness probe, {@code ready} then, {@code failed} when its pod
 * failed or its server stopped answering (it is then replaced), {@code deleted} once reaped or
 * deleted (kept for its timeline).
 */
public enum JupyterPodStatus {
  CREATING,
  READY,
  FAILED,
  DELETED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static JupyterPodStatus fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** Counts in the pool and may hold a consumer. */
  public boolean isLive() {
    return this != DELETED;
  }
}
