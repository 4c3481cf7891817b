package com.darwin.compute.core.podexec;

/**
 * How a program in a pod ended, or that the control plane cannot know.
 *
 * @param exitCode the exit code, or -1 when it is unknown (timed out, the exec failed)
 * @param output standard output and error, interleaved, cut to the configured limit
 * @param timedOut no exit status arrived within the timeout
 * @param contactLost the stream ended with no exit status after the program started (the connection
 *     dropped, or the control plane closed it on shutdown): the program may still be running in the
 *     pod, so this is no verdict
 */
public record ExecResult(int exitCode, String output, boolean timedOut, boolean contactLost) {

  public ExecResult(int exitCode, String output, boolean timedOut) {
    this(exitCode, output, timedOut, false);
  }

  public boolean succeeded() {
    return !timedOut && !contactLost && exitCode == 0;
  }

  /** The program did not start (the exec was refused): nothing runs in the pod. */
  public static ExecResult failure(String why) {
    return new ExecResult(-1, why, false);
  }

  /** The program started, then the stream ended before its exit status arrived. */
  public static ExecResult lost(String why) {
    return new ExecResult(-1, why, false, true);
  }
}
