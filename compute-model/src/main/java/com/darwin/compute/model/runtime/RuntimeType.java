package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How runtimes are grouped within a class: CPU and GPU runtimes by what they carry, CUSTOM ones by
 * who registered them (only in listings: a custom runtime itself has no type).
 */
public enum RuntimeType {
  RAY_ONLY("Ray Only"),
  RAY_AND_SPARK("Ray and Spark"),
  OTHERS("Others"),
  CREATED_BY_ME("Created By Me"),
  CREATED_BY_OTHERS("Created By Others");

  private final String wireName;

  RuntimeType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** True for the types a CPU or GPU runtime may have. */
  public boolean describesContents() {
    return this == RAY_ONLY || this == RAY_AND_SPARK || this == OTHERS;
  }

  @JsonCreator
  public static RuntimeType fromWire(String value) {
    for (RuntimeType t : values()) {
      if (t.wireName.equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown runtime type '" + value + "'");
  }
}
