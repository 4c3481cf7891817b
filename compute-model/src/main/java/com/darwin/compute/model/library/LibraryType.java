package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What is installed, the Python service's names: a PyPI requirement, a Maven artifact, or a file by
 * its extension ({@code gz} is a {@code .tar.gz} archive).
 */
public enum LibraryType {
  JAR,
  WHL,
  ZIP,
  TAR,
  GZ,
  TXT,
  PYPI,
  MAVEN_JAR;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static LibraryType fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Archives are extracted and the wheels, requirements files and jars at their top level (or in
   * their one top folder) installed.
   */
  public boolean isArchive() {
    return this == ZIP || this == TAR || this == GZ;
  }
}
