package com.darwin.compute.core.jobs;

/**
 * The cluster's Ray dashboard did not answer, or failed (502): nothing was changed by this call.
 */
public class RayUnavailableException extends RuntimeException {

  public RayUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
