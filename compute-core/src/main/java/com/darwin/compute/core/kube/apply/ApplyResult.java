package com.darwin.compute.core.kube.apply;

/** What one apply or delete of one Kubernetes object did. */
public enum ApplyResult {
  CREATED,
  PATCHED,
  UNCHANGED,
  DELETED;

  /** Whether a request that changes the object was sent. */
  public boolean wrote() {
    return this != UNCHANGED;
  }
}
