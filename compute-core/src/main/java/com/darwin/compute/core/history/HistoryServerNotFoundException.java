package com.darwin.compute.core.history;

/** No Spark History Server has this id, or none exists for this resource (404). */
public class HistoryServerNotFoundException extends RuntimeException {
  public HistoryServerNotFoundException(String message) {
    super(message);
  }
}
