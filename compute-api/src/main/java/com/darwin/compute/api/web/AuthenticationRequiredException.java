package com.darwin.compute.api.web;

/** The route needs an identified caller and the request has none (401). */
public class AuthenticationRequiredException extends RuntimeException {
  public AuthenticationRequiredException(String message) {
    super(message);
  }
}
