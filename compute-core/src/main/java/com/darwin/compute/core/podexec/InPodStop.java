package com.darwin.compute.core.podexec;

import java.util.List;

/**
 * Stops the program of a task in its pod: TERM to every process that carries the task's marker in
 * its environment ({@link InPodTimeout#ENV}), that is the {@code timeout} of {@link InPodTimeout}'s
 * wrapper (which passes it to its process group and, by its {@code -k}, sends KILL {@link
 * InPodTimeout#KILL_AFTER} later), the program and what it started, also in a session of its own;
 * then KILL to those of them still there after {@link InPodTimeout#KILL_AFTER}. The task reports
 * through its own exec as any task does: with the signal's exit status (143, or 137) when the
 * program was running, or with its own when only something it left in the background held the
 * stream open.
 *
 * <p>Found by environment, not by a pid kept somewhere: a pid can be reused, and the marker goes
 * with the process. Each environment is split at its NULs and matched whole ({@code tr | grep -x}):
 * busybox grep reads only up to the first NUL, and a variable whose value merely contains the
 * marker is not the marker. A process that cleared its environment, or whose environment this user
 * may not read (a setuid program), is not found. The exit status says whether anything was found:
 * {@link #NOTHING_FOUND} when no process had the marker (the program had ended, its report on its
 * way, or its exec had not started it yet), {@link #CANNOT} in an image without {@code tr} or
 * {@code grep}. The environments that cannot be read (other users', processes gone meanwhile) say
 * nothing: the stop's output is only what went wrong.
 *
 * <p>The processes are listed once; the wait and the KILL look only at those (each still marked, so
 * a pid reused meanwhile is left alone).
 */
final class InPodStop {

  /** The stop's exit status when no process carried the marker. */
  static final int NOTHING_FOUND = 3;

  /** Its exit status in an image without {@code tr} or {@code grep}: it cannot look. */
  static final int CANNOT = 4;

  /** {@code $0} is the task's marker. */
  static final String SCRIPT =
      "p=\""
          + InPodTimeout.ENV
          + "=$0;\"; "
          + "command -v tr >/dev/null && command -v grep >/dev/null || exit "
          + CANNOT
          + "; m() { { tr '\\000' '\\n' < \"/proc/$1/environ\"; } 2>/dev/null"
          + " | grep -qxF -e \"$p\"; }; "
          + "s=; for d in /proc/[0-9]*; do d=${d#/proc/}; "
          + "m \"$d\" && kill -TERM \"$d\" 2>/dev/null && s=\"$s $d\"; done; "
          + "[ -n \"$s\" ] || exit "
          + NOTHING_FOUND
          + "; i=0; while [ \"$i\" -lt "
          + InPodTimeout.KILL_AFTER.toSeconds()
          + " ]; do sleep 1; i=$((i+1)); l=; for d in $s; do m \"$d\" && l=\"$l $d\"; done; "
          + "s=$l; [ -z \"$s\" ] && exit 0; done; "
          + "for d in $s; do m \"$d\" && kill -KILL \"$d\" 2>/dev/null; done; exit 0";

  private InPodStop() {}

  static List<String> argv(long taskId) {
    return List.of("/bin/sh", "-c", SCRIPT, InPodTimeout.marker(taskId));
  }
}
