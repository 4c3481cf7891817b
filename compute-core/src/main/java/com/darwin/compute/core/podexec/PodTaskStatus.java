package com.darwin.compute.core.podexec;

/** One pod's attempt at a task. */
public enum PodTaskStatus {
  RUNNING,
  SUCCESS,
  FAILED
}
