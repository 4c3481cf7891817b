package com.darwin.compute.core.kube;

import org.springframework.context.SmartLifecycle;

/**
 * The phases the service's long-running parts start in (lowest first) and stop in (highest first),
 * beside Spring Boot's web server, which drains its requests at {@code DEFAULT_PHASE - 1024} and
 * stops at {@code DEFAULT_PHASE - 2048}.
 */
public final class LifecyclePhases {

  /** The watches: up before anything reads their caches, stopped after everything else. */
  public static final int WATCHES = Integer.MIN_VALUE + 1000;

  /**
   * What acts on the requests' work (the reconcile loop, the history servers' observer): stopped
   * only once the web server has drained its requests, so what they commit meanwhile is acted on
   * here and read from caches still live.
   */
  public static final int AFTER_THE_WEB_SERVER = SmartLifecycle.DEFAULT_PHASE - 4096;

  private LifecyclePhases() {}
}
