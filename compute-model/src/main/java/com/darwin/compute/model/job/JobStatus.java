package com.darwin.compute.model.job;

/** A Ray job's status, as the Ray Jobs API names it. */
public enum JobStatus {
  PENDING,
  RUNNING,
  STOPPED,
  SUCCEEDED,
  FAILED;

  /** Whether the job has ended and will not change again. */
  public boolean isTerminal() {
    return this == STOPPED || this == SUCCEEDED || this == FAILED;
  }
}
