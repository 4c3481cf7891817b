package com.darwin.compute.sdk.yaml;

import com.darwin.compute.model.common.FieldError;
import java.util.List;

/**
 * A cluster file that cannot become a request: unreadable, not YAML, or with missing, unknown or
 * ill-typed fields. {@link #errors()} lists them with paths in the file's own names ({@code
 * head_node.node.cores}), in the same shape as the service's field errors.
 */
public class ClusterYamlException extends RuntimeException {

  private final String source;
  private final List<FieldError> errors;

  public ClusterYamlException(String source, List<FieldError> errors, Throwable cause) {
    super(describe(source, errors), cause);
    this.source = source;
    this.errors = List.copyOf(errors);
  }

  private static String describe(String source, List<FieldError> errors) {
    StringBuilder text = new StringBuilder("Invalid cluster file ").append(source).append(':');
    for (FieldError e : errors) {
      text.append("\n  ");
      if (e.field() != null && !e.field().isEmpty()) {
        text.append(e.field()).append(": ");
      }
      text.append(e.message());
    }
    return text.toString();
  }

  /** The file name, or a label for YAML that came from elsewhere. */
  public String source() {
    return source;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
