package com.darwin.compute.core.podexec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a program in a container of a pod and reports how it ended. The program is an argv: every
 * element reaches the container's runtime as one argument, never parsed by a shell on the way, so a
 * value in it can never become code.
 */
public interface PodExecutor {

  /**
   * Starts the program and completes with its exit code and output. A program still running at the
   * timeout is stopped in the pod (where the image has GNU timeout(1)) and reports its exit status;
   * the future completes with {@link ExecResult#timedOut()} when the pod has not reported even a
   * while after that (a pod that never reports).
   *
   * @param taskId the task it is run for: {@link #stop} finds the program by it
   */
  CompletableFuture<ExecResult> exec(LivePod pod, long taskId, List<String> argv, Duration timeout);

  /**
   * Stops the program that {@link #exec} started for the task, and what it started, if they still
   * run: the task then reports through its own exec. Completes with success when something was
   * signalled; with {@link InPodStop#NOTHING_FOUND} as the exit code when nothing of the task ran
   * (it had ended, or had not started yet).
   */
  CompletableFuture<ExecResult> stop(LivePod pod, long taskId);
}
