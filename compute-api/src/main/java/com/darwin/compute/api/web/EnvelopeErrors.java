package com.darwin.compute.api.web;

import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.common.ErrorDetails;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The error envelope for layers below the controllers (Tomcat, the error dispatch). */
public final class EnvelopeErrors {

  private EnvelopeErrors() {}

  /** Methods the API never serves: TRACE echoes requests (headers included), CONNECT tunnels. */
  public static boolean isRefusedMethod(String method) {
    return "TRACE".equalsIgnoreCase(method) || "CONNECT".equalsIgnoreCase(method);
  }

  static String code(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "ERROR" : known.name();
  }

  public static String message(int status) {
    return switch (status) {
      case 400 ->
          "Bad request: the request line, path or headers are malformed (for example an encoded"
              + " NUL, slash or '../' in the path, or invalid UTF-8)";
      case 404 -> "No such path";
      case 405 -> "Method not allowed";
      case 413 -> "The request is too large";
      case 414, 431 -> "The request line or headers are too large";
      case 503 -> "The service is temporarily unavailable";
      default -> {
        HttpStatus known = HttpStatus.resolve(status);
        yield known == null ? "Error " + status : known.getReasonPhrase();
      }
    };
  }

  public static ResponseEntity<Envelope<ErrorDetails>> entity(int status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Envelope.error(new ErrorDetails(code(status), List.of()), message));
  }

  /** The envelope as text, for the Tomcat valve that has no message converters. */
  static String json(int status, String message) {
    return "{\"status\":\"ERROR\",\"data\":{\"code\":\""
        + code(status)
        + "\",\"errors\":[]},\"message\":\""
        + message.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}";
  }
}
