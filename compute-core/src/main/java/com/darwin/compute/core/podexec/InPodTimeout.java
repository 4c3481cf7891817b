package com.darwin.compute.core.podexec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's argv run under GNU coreutils' {@code timeout} in the pod, where the image has it: past
 * its timeout the process is stopped there too (TERM, then KILL {@link #KILL_AFTER} later). Closing
 * the exec stream alone left a timed-out {@code pip install} running, and the pod's next install
 * started beside it. An image without GNU {@code timeout} runs the argv as before.
 *
 * <p>The argv stays data: the fixed script receives it as positional parameters ({@code "$@"}),
 * never inside the script's text.
 */
final class InPodTimeout {

  static final Duration KILL_AFTER = Duration.ofSeconds(10);

  /** {@code $0} is the limit in seconds, {@code "$@"} the task's argv. */
  static final String SCRIPT =
      "if timeout --version >/dev/null 2>&1; then exec timeout -k "
          + KILL_AFTER.toSeconds()
          + " \"$0\" \"$@\"; fi; exec \"$@\"";

  /** GNU timeout's exit status when it stopped the command: by TERM, or by KILL after it. */
  private static final int STOPPED = 124;

  private static final int KILLED = 128 + 9;

  private InPodTimeout() {}

  static List<String> wrap(List<String> argv, Duration timeout) {
    List<String> wrapped = new ArrayList<>(argv.size() + 4);
    wrapped.add("/bin/sh");
    wrapped.add("-c");
    wrapped.add(SCRIPT);
    wrapped.add(Long.toString(seconds(timeout)));
    wrapped.addAll(argv);
    return wrapped;
  }

  /** Whether an exit status after {@code elapsed} is {@code timeout} stopping the command. */
  static boolean stopped(int exitCode, Duration elapsed, Duration timeout) {
    return (exitCode == STOPPED || exitCode == KILLED)
        && elapsed.compareTo(Duration.ofSeconds(seconds(timeout))) >= 0;
  }

  /** Whole seconds, at least one: what {@code timeout} is given. */
  static long seconds(Duration timeout) {
    return Math.max(1, (timeout.toMillis() + 999) / 1000);
  }
}
