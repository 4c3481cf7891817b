package com.darwin.compute.api.web;

import com.darwin.compute.model.common.Envelope;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Builds enveloped responses. */
public final class ApiResponses {

  private ApiResponses() {}

  public static <T> ResponseEntity<Envelope<T>> ok(T data, String message) {
    return ResponseEntity.ok(Envelope.success(data, message));
  }

  public static <T> ResponseEntity<Envelope<T>> accepted(T data, String message) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Envelope.success(data, message));
  }
}
