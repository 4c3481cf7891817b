package com.darwin.compute.core.maven;

/** The Maven search endpoint could not be reached or answered wrongly (503). */
public class MavenSearchUnavailableException extends RuntimeException {

  public MavenSearchUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
