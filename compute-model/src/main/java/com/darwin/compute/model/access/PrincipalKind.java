package com.darwin.compute.model.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whom a cluster is shared with: one user (by e-mail) or every member of a group. */
public enum PrincipalKind {
  USER,
  GROUP;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PrincipalKind fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
