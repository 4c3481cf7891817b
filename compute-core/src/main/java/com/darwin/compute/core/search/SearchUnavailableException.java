package com.darwin.compute.core.search;

/** Elasticsearch could not answer a search (503). Writes never throw this. */
public class SearchUnavailableException extends RuntimeException {
  public SearchUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
