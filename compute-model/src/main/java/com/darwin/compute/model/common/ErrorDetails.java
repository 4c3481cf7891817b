package com.darwin.compute.model.common;

import java.util.List;

/** The {@code data} of an error envelope: what was wrong, field by field when it is about input. */
public record ErrorDetails(String code, List<FieldError> errors) {

  public ErrorDetails {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static ErrorDetails of(String code) {
    return new ErrorDetails(code, List.of());
  }
}
