package com.darwin.compute.core.jobs;

/**
 * As many driver logs as {@code compute.jobs.max-concurrent-log-downloads} are being downloaded on
 * this replica: each may hold up to {@code max-log-download} of text (twice that in the heap for
 * text beyond Latin-1), and a few large ones at once filled the heap.
 */
public class TooManyLogDownloadsException extends RuntimeException {

  public TooManyLogDownloadsException(int limit) {
    super(
        "Too many job logs are being downloaded at once (compute.jobs"
            + ".max-concurrent-log-downloads: "
            + limit
            + "); try again later");
  }
}
