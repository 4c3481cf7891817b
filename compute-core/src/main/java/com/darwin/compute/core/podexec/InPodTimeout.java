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
 * <p>The program, and every process it starts that keeps its environment, carries the task's marker
 * in {@link #ENV}: that is how {@link InPodStop} finds what to stop when the task's item is removed
 * (the exec API has no signal of its own, and a pid kept in a file can be reused, or not be written
 * where the root file system is read-only).
 *
 * <p>The argv stays data: the fixed script receives it as positional parameters ({@code "$@"}),
 * never inside the script's text.
 */
final class InPodTimeout {

  static final Duration KILL_AFTER = Duration.ofSeconds(10);

  /** The variable that marks a task's processes. */
  static final String ENV = "DARWIN_POD_TASK";

  private static final String MARKER_PREFIX = "darwin-pod-task-";

  /**
   * {@code $0} is the limit in seconds, {@code $1} the task's marker, the rest the task's argv. The
   * variable's value ends with {@code ;} so that one task's marker is never the start of another's
   * ({@code ...-12;} against {@code ...-123;}). It is exported after the check for {@code timeout},
   * so the only processes that carry it are the task's.
   */
  static final String SCRIPT =
      "t=\"$0\"; m=\"$1;\"; shift; g=; timeout --version >/dev/null 2>&1 && g=1; "
          + ENV
          + "=\"$m\"; export "
          + ENV
          + "; if [ -n \"$g\" ]; then exec timeout -k "
          + KILL_AFTER.toSeconds()
          + " \"$t\" \"$@\"; fi; exec \"$@\"";

  /** GNU timeout's exit status when it stopped the command: by TERM, or by KILL after it. */
  private static final int STOPPED = 124;

  private static final int KILLED = 128 + 9;

  private InPodTimeout() {}

  /**
   * The task's marker: an argument of its wrapper, and the value of {@link #ENV} but for its end.
   */
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
