package com.darwin.compute.core.access;

/** The caller may not do this (403); the message says why and what would allow it. */
public class AccessDeniedException extends RuntimeException {

  private final String reason;

  public AccessDeniedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A short tag for the refusal metric: {@code cluster}, {@code grant}, {@code owner}... */
  public String reason() {
    return reason;
  }
}
