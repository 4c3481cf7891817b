package com.darwin.compute.model.runtime;

/** The runtime classes of the catalogue; CUSTOM runtimes are users' own images. */
public enum RuntimeClass {
  CPU,
  GPU,
  CUSTOM
}
