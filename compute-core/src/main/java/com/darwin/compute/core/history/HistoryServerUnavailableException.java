package com.darwin.compute.core.history;

/**
 * The Kubernetes API did not take the server's objects (503): the server is marked failed, with
 * nothing of it left applied, and a new request starts it again.
 */
public class HistoryServerUnavailableException extends RuntimeException {
  public HistoryServerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
