package com.darwin.compute.sdk;

import com.darwin.compute.model.common.FieldError;
import java.util.List;

/**
 * Any failed call to Darwin Compute: the service answered with an error envelope, or it could not
 * be reached. One type for all of them, so callers catch one thing and branch on {@link #status()}.
 *
 * <p>{@link #status()} is 0 when no HTTP response arrived (connection refused, timeout). {@link
 * #isRetryable()} says whether the same call may be sent again safely and may succeed then.
 */
public class ComputeException extends RuntimeException {

  /** {@link #code()} of failures where no HTTP response arrived. */
  public static final String CONNECTION_FAILED = "CONNECTION_FAILED";

  public static final String INTERRUPTED = "INTERRUPTED";

  private final String method;
  private final String path;
  private final int status;
  private final String code;
  private final String reason;
  private final List<FieldError> fieldErrors;
  private final boolean retryable;
  private final int attempts;

  public ComputeException(
      String method,
      String path,
      int status,
      String code,
      String reason,
      List<FieldError> fieldErrors,
      boolean retryable,
      int attempts,
      Throwable cause) {
    super(describe(method, path, status, reason, attempts), cause);
    this.method = method;
    this.path = path;
    this.status = status;
    this.code = code;
    this.reason = reason;
    this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    this.retryable = retryable;
    this.attempts = attempts;
  }

  private static String describe(
      String method, String path, int status, String reason, int attempts) {
    StringBuilder text = new StringBuilder(reason == null ? "Request failed" : reason);
    text.append(" (");
    if (status > 0) {
      text.append("HTTP ").append(status).append(", ");
    }
    text.append(method).append(' ').append(path);
    if (attempts > 1) {
      text.append(", ").append(attempts).append(" attempts");
    }
    return text.append(')').toString();
  }

  /** The HTTP status, or 0 when the service could not be reached. */
  public int status() {
    return status;
  }

  /** The envelope's {@code data.code} ({@code VALIDATION_FAILED}, {@code NOT_FOUND}, ...). */
  public String code() {
    return code;
  }

  /** The envelope's {@code message}, or what went wrong on the way when there is no response. */
  public String reason() {
    return reason;
  }

  /** The envelope's {@code data.errors}: one entry per rejected field, for 400s. */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  /**
   * Whether sending the same call again is safe and may succeed.
   *
   * <p>True for 429 and concurrent-change 409s (refused before anything changed), for a connection
   * that could not be made (nothing was sent), and, for idempotent calls (reads, searches,
   * previews, {@code update}, deletes, job submission, which always carries a submission id), for
   * 5xx and connection failures after sending.
   *
   * <p>False for a 5xx or a failure after sending of a call that is not idempotent ({@code create},
   * {@code start}, {@code stop}, {@code restart}, {@code stopJob}, {@code executeCommand} and the
   * other calls documented as not repeated once sent): the service may have carried it out, and a
   * repeat could do it twice (a second cluster). Read the state first ({@code getInfo}, a search)
   * to learn what happened. Also false for bad input, unknown ids and state conflicts.
   */
  public boolean isRetryable() {
    return retryable;
  }

  /** How many times the call was sent (retries of idempotent calls included). */
  public int attempts() {
    return attempts;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public boolean isNotFound() {
    return status == 404;
  }

  public boolean isConflict() {
    return status == 409;
  }

  /** The request itself was rejected (4xx other than 404 and 409). */
  public boolean isRejected() {
    return status >= 400 && status < 500 && status != 404 && status != 409;
  }

  /** No HTTP response: the service is down, unreachable or too slow. */
  public boolean isConnectionFailure() {
    return status == 0 && CONNECTION_FAILED.equals(code);
  }

  public boolean isServerError() {
    return status >= 500;
  }
}
