package com.darwin.compute.core.access;

/** Starting this would take the owner over a configured cap (403 {@code LIMIT_EXCEEDED}). */
public class UsageLimitException extends RuntimeException {
  public UsageLimitException(String message) {
    super(message);
  }
}
