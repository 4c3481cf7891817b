package com.darwin.compute.core.access;

/** The cluster is not shared with that user or group (404). */
public class PermissionNotFoundException extends RuntimeException {
  public PermissionNotFoundException(String message) {
    super(message);
  }
}
