package com.darwin.compute.core.domain;

/** The change does not fit the cluster's current state, or clashes with another cluster (409). */
public class ClusterConflictException extends RuntimeException {
  public ClusterConflictException(String message) {
    super(message);
  }
}
