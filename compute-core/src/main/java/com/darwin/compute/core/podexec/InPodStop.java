package com.darwin.compute.core.podexec;

import java.util.List;

/**
 * Stops the program of a task in its pod: TERM to the {@code timeout} that {@link InPodTimeout}'s
 * wrapper started, which passes it to the program's whole process group and sends KILL {@link
 * InPodTimeout#KILL_AFTER} later to what is left. The task then reports as any task does, with the
 * signal's exit status (143, or 137).
 *
 * <p>The pid file outlives a wrapper that was killed outright, and pids are reused: the signal goes
 * only while the wrapper named in the file still runs and has the task's marker among its
 * arguments, and the program is that wrapper's child (its pid cannot be reused before the wrapper
 * has reaped it, and the wrapper removes the file right after). Nothing found is no error: the
 * program has ended, and its report is on its way. In an image without GNU {@code timeout} only the
 * program's own process is signalled.
 */
final class InPodStop {

  /** {@code $0} is the task's marker. */
  static final String SCRIPT =
      "f=\""
          + InPodTimeout.PID_DIR
          + "$0\"; [ -r \"$f\" ] || exit 0; read w p < \"$f\" || exit 0; "
          + "tr '\\000' '\\n' < \"/proc/$w/cmdline\" 2>/dev/null | grep -qxF -e \"$0\" || exit 0; "
          + "kill -TERM \"$p\" 2>/dev/null; exit 0";

  private InPodStop() {}

  static List<String> argv(long taskId) {
    return List.of("/bin/sh", "-c", SCRIPT, InPodTimeout.marker(taskId));
  }
}
