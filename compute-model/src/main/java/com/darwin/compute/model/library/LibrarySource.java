package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a library comes from. */
public enum LibrarySource {
  PYPI,
  MAVEN,
  S3,
  WORKSPACE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static LibrarySource fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
