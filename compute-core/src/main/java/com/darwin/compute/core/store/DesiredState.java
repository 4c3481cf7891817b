package com.darwin.compute.core.store;

/** What the user wants the cluster to be; the reconciler converges Kubernetes to it. */
public enum DesiredState {
  RUNNING,
  STOPPED
}
