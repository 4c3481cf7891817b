package com.darwin.compute.core.ray;

import java.io.IOException;

/**
 * A cluster's Ray Jobs API answered with an error status. {@code status} 0 means it did not answer
 * at all (connection refused, timeout).
 */
public class RayJobsException extends IOException {

  private final int status;

  public RayJobsException(int status, String message) {
    super(message);
    this.status = status;
  }

  public RayJobsException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  public int status() {
    return status;
  }

  /** Ray refused the request itself (a 4xx): retrying the same request will not help. */
  public boolean isRefusal() {
    return status >= 400 && status < 500;
  }

  /**
   * Ray refused what was sent (400; 413 or 422 from what stands in front of it): sending the same
   * body again will not help. Not a 404, 408 or 429, nor any other 4xx of a proxy or an ingress in
   * front of a dashboard (a route not yet published, a rate limit): those may pass on a later try.
   */
  public boolean isRefusalOfTheBody() {
    return status == 400 || status == 413 || status == 422;
  }

  public boolean isNotFound() {
    return status == 404;
  }

  /**
   * Ray already has a job under this submission id: an earlier submission got through. Whatever the
   * status: Ray's dashboard relays its agent's refusal as a 500 whose text ends with it.
   */
  public boolean isDuplicateSubmission() {
    return status != 0 && getMessage() != null && getMessage().contains("already exists");
  }

  /**
   * Ray will not delete the job while it has not ended there (a stop Ray is still carrying out: its
   * stop only signals the driver). Whatever the status: Ray's job manager raises it, and the
   * dashboard relays it as a 500 whose text ends with it.
   */
  public boolean isNotEndedAtRay() {
    return status != 0 && getMessage() != null && getMessage().contains("non-terminal state");
  }
}
