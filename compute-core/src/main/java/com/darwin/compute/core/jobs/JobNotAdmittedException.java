package com.darwin.compute.core.jobs;

import com.darwin.compute.model.common.FieldError;
import java.util.List;

/**
 * No node of the cluster could ever run the job's entrypoint, even with every worker group at
 * {@code max_pods}: Ray alone would keep it pending forever. {@code shortfalls} name each resource
 * asked beyond what the best node offers.
 */
public class JobNotAdmittedException extends RuntimeException {

  private final List<FieldError> shortfalls;

  public JobNotAdmittedException(String message, List<FieldError> shortfalls) {
    super(message);
    this.shortfalls = List.copyOf(shortfalls);
  }

  public List<FieldError> shortfalls() {
    return shortfalls;
  }
}
