package com.darwin.compute.core.domain;

import com.darwin.compute.model.common.FieldError;
import java.util.List;

/** The request is malformed or asks for something not allowed (400), field by field. */
public class InvalidRequestException extends RuntimeException {

  private final List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "Invalid request";
    }
    FieldError first = errors.get(0);
    String text = "Invalid request: " + first.field() + " " + first.message();
    return errors.size() == 1 ? text : text + " (and " + (errors.size() - 1) + " more)";
  }
}
