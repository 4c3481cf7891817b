package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A library's installation state, for the cluster and for each pod: {@code created} (waits for the
 * cluster to start), {@code running}, {@code success}, {@code failed}, and {@code
 * uninstall_pending} (removed from a running cluster; gone at its next stop or restart).
 */
public enum LibraryStatus {
  CREATED,
  RUNNING,
  SUCCESS,
  FAILED,
  UNINSTALL_PENDING;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static LibraryStatus fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
