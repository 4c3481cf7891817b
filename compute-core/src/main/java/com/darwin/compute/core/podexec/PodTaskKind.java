package com.darwin.compute.core.podexec;

/** What a pod task carries out. */
public enum PodTaskKind {
  LIBRARY,
  COMMAND
}
