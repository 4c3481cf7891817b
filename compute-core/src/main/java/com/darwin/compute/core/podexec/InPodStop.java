package com.darwin.compute.core.podexec;

import java.util.List;

/**
 * Stops the program of a task in its pod: TERM to every process that carries the task's marker in
 * its environment ({@link InPodTimeout#ENV}), that is the {@code timeout} of {@link InPodTimeout}'s
 * wrapper (which passes it to its process group and, by its {@code -k}, sends KILL {@link
 * InPodTimeout#KILL_AFTER} later), the program and what it started, also in a session of its own;
 * then KILL to those still there after {@link InPodTimeout#KILL_AFTER}. The task reports through
 * its own exec as any task does, with the signal's exit status (143, or 137).
 *
 * <p>Found by environment, not by a pid kept somewhere: a pid can be reused, and the marker goes
 * with the process. A process that cleared its environment, or whose environment this user may not
 * read (a setuid program), is not found. The exit status says whether anything was found: {@link
 * #NOTHING_FOUND} when no process had the marker (the program had ended, its report on its way, or
 * its exec never started it).
 */
final class InPodStop {

  /** The stop's exit status when no process carried the marker. */
  static final int NOTHING_FOUND = 3;

  private static final String FIND =
      "for d in /proc/[0-9]*; do grep -qF -e \"$p\" \"$d/environ\" 2>/dev/null && ";

  /** {@code $0} is the task's marker. */
  static final String SCRIPT =
      "p=\""
          + InPodTimeout.ENV
          + "=$0;\"; n=0; "
          + FIND
          + "kill -TERM \"${d#/proc/}\" 2>/dev/null && n=$((n+1)); done; "
          + "[ \"$n\" -gt 0 ] || exit "
          + NOTHING_FOUND
          + "; i=0; while [ \"$i\" -lt "
          + InPodTimeout.KILL_AFTER.toSeconds()
          + " ]; do sleep 1; i=$((i+1)); left=; "
          + FIND
          + "left=1 && break; done; [ -z \"$left\" ] && exit 0; done; "
          + FIND
          + "kill -KILL \"${d#/proc/}\" 2>/dev/null; done; exit 0";

  private InPodStop() {}

  static List<String> argv(long taskId) {
    return List.of("/bin/sh", "-c", SCRIPT, InPodTimeout.marker(taskId));
  }
}
