package com.darwin.compute.api.web;

import java.io.IOException;

/**
 * A request body that passed {@code compute.request-limits.max-body} while it was read (one sent
 * without a length). An {@link IOException}, as the failure of a read is, so that every reader
 * (Jackson, the form decoder) stops where it is; the exception advice and {@link
 * RequestBodyLimitFilter} find it in the cause chain and answer 413.
 */
public final class RequestBodyTooLargeException extends IOException {

  private final long limit;

  RequestBodyTooLargeException(long limit) {
    super("The request body is larger than " + limit + " bytes");
    this.limit = limit;
  }

  /** The message a caller reads: the limit, and the setting that holds it. */
  public static String refusal(long limit) {
    return "The request body is larger than "
        + limit
        + " bytes, the most this service reads (compute.request-limits.max-body)";
  }

  public long limit() {
    return limit;
  }

  /** The exception in {@code e}'s cause chain, if a body was cut off by the limit. */
  public static RequestBodyTooLargeException in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestBodyTooLargeException tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }
}
