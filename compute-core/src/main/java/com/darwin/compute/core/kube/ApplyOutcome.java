package com.darwin.compute.core.kube;

/** What applying a manifest did. */
public enum ApplyOutcome {
  CREATED,
  PATCHED,
  UNCHANGED
}
