package com.darwin.compute.core.kube;

import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/**
 * The phases the service's long-running parts start in (lowest first) and stop in (highest first),
 * beside Spring Boot's web server, which drains its requests at {@code DEFAULT_PHASE - 1024} and
 * stops at {@code DEFAULT_PHASE - 2048}, and Spring's task executor and scheduler, which wait for
 * their running tasks (the scheduled jobs) at {@code Integer.MAX_VALUE / 2} (while {@code
 * spring.task.*.shutdown.await-termination} is off: on, they wait in their destruction instead,
 * after every phase).
 */
public final class LifecyclePhases {

  /** The watches: up before anything reads their caches, stopped after everything else. */
  public static final int WATCHES = Integer.MIN_VALUE + 1000;

  /**
   * What acts on the work of requests and scheduled jobs (the reconcile loop, the history servers'
   * observer): stopped only once the web server has drained its requests and the scheduled jobs
   * running have ended, so what they commit meanwhile is acted on here and read from caches still
   * live.
   */
  public static final int AFTER_REQUESTS_AND_JOBS =
      ExecutorConfigurationSupport.DEFAULT_PHASE - 1024;

  private LifecyclePhases() {}
}
