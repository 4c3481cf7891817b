package com.darwin.compute.core.jobs;

/**
 * As many working directories as {@code compute.jobs.max-concurrent-uploads} are being uploaded on
 * this replica: another is refused before its body is read, not queued behind them.
 */
public class TooManyUploadsException extends RuntimeException {

  public TooManyUploadsException(int limit) {
    super(
        "Too many working directories are being uploaded at once (compute.jobs"
            + ".max-concurrent-uploads: "
            + limit
            + "); try again later");
  }
}
