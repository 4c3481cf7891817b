package com.darwin.compute.model.runtime;

/** What a runtime component can be; the Ray component gives the runtime's Ray version. */
public enum ComponentName {
  Ray,
  Spark,
  Python,
  R,
  Scylla
}
