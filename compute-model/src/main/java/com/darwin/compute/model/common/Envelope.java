package com.darwin.compute.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The response envelope every endpoint answers with, kept identical to the Python service so the
 * Darwin UI and the Python SDK keep working: {@code {"status": "SUCCESS"|"ERROR", "data": ...,
 * "message": ...}}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Envelope<T>(String status, T data, String message) {

  public static final String SUCCESS = "SUCCESS";
  public static final String ERROR = "ERROR";

  public static <T> Envelope<T> success(T data, String message) {
    return new Envelope<>(SUCCESS, data, message);
  }

  public static <T> Envelope<T> error(T data, String message) {
    return new Envelope<>(ERROR, data, message);
  }

  /** True for a {@code SUCCESS} envelope. Not a JSON property. */
  public boolean succeeded() {
    return SUCCESS.equals(status);
  }
}
