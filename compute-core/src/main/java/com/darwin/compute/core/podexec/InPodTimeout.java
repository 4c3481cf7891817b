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
 * <p>While it runs, the wrapper keeps its own pid and its program's in a file named for the task
 * ({@link #marker}), which it removes when the program ends: that is how {@link InPodStop} finds
 * the program of a task whose item was removed (the exec API has no signal of its own).
 *
 * <p>The argv stays data: the fixed script receives it as positional parameters ({@code "$@"}),
 * never inside the script's text.
 */
final class InPodTimeout {

  static final Duration KILL_AFTER = Duration.ofSeconds(10);

  /** Where the wrapper keeps its pid file; a writable folder in any image. */
  static final String PID_DIR = "/tmp/";

  private static final String MARKER_PREFIX = "darwin-pod-task-";

  /**
   * {@code $0} is the limit in seconds, {@code $1} the task's marker, the rest the task's argv. The
   * program runs as the shell's child (not by {@code exec}) so the shell can remove the pid file
   * once it ends; its exit status is the shell's.
   */
  static final String SCRIPT =
      "t=\"$0\"; f=\""
          + PID_DIR
          + "$1\"; shift; "
          + "if timeout --version >/dev/null 2>&1; then timeout -k "
          + KILL_AFTER.toSeconds()
          + " \"$t\" \"$@\" & else \"$@\" & fi; "
          + "p=$!; { echo \"$$ $p\" > \"$f\"; } 2>/dev/null; "
          + "wait \"$p\"; s=$?; rm -f \"$f\"; exit \"$s\"";

  /** GNU timeout's exit status when it stopped the command: by TERM, or by KILL after it. */
  private static final int STOPPED = 124;

  private static final int KILLED = 128 + 9;

  private InPodTimeout() {}

  /** The name of the task's pid file, and an argument of its wrapper (so a stop can check it). */
  static String marker(long taskId) {
    return MARKER_PREFIX + taskId;
  }

  static List<String> wrap(long taskId, List<String> argv, Duration timeout) {
    List<String> wrapped = new ArrayList<>(argv.size() + 5);
    wrapped.add("/bin/sh");
    wrapped.add("-c");
    wrapped.add(SCRIPT);
    wrapped.add(Long.toString(seconds(timeout)));
    wrapped.add(marker(taskId));
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
