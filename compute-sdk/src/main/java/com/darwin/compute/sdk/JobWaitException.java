package com.darwin.compute.sdk;

import com.darwin.compute.model.job.JobView;
import java.time.Duration;

/** {@link ComputeClient#awaitJob} gave up before the job ended. */
public class JobWaitException extends RuntimeException {

  private final boolean interrupted;
  private final JobView lastSeen;
  private final Duration elapsed;

  public JobWaitException(boolean interrupted, JobView lastSeen, Duration elapsed) {
    super(
        (interrupted ? "Interrupted" : "Timed out")
            + " after "
            + elapsed.toSeconds()
            + " s waiting for job "
            + (lastSeen == null ? "?" : lastSeen.submissionId())
            + " to end"
            + (lastSeen == null ? "" : " (last status " + lastSeen.status() + ")"));
    this.interrupted = interrupted;
    this.lastSeen = lastSeen;
    this.elapsed = elapsed;
  }

  /**
   * False when the timeout passed (the job may still end), true when the thread was interrupted.
   */
  public boolean interrupted() {
    return interrupted;
  }

  public JobView lastSeen() {
    return lastSeen;
  }

  public Duration elapsed() {
    return elapsed;
  }
}
