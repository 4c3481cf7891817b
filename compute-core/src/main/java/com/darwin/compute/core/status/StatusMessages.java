package com.darwin.compute.core.status;

/** Status messages that more than one component writes or reads. */
public final class StatusMessages {

  /** How the status message of a spec KubeRay rejected begins. */
  public static final String INVALID_SPEC_PREFIX = "KubeRay rejected the spec";

  private StatusMessages() {}
}
