package com.darwin.compute.core.podexec;

/**
 * How a program in a pod ended.
 *
 * @param exitCode the exit code, or -1 when it is unknown (timed out, the exec failed)
 * @param output standard output and error, interleaved, cut to the configured limit
 * @param timedOut no exit status arrived within the timeout
 */
public record ExecResult(int exitCode, String output, boolean timedOut) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  public static ExecResult failure(String why) {
    return new ExecResult(-1, why, false);
  }
}
