package com.darwin.compute.api.web;

/** The {@code msd-user} header is missing or is not {@code {"email": "..."}} (400). */
public class MsdUserHeaderException extends RuntimeException {
  public MsdUserHeaderException(String message) {
    super(message);
  }
}
