package com.darwin.compute.core.domain;

/**
 * Who asks for a change: the authenticated caller, or a system job's name.
 *
 * @param source the address the request came from, kept on the timeline beside the name; null for
 *     the service's own jobs
 */
public record Actor(String name, String source) {

  public Actor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("actor name is required");
    }
    source = source == null || source.isBlank() ? null : source.strip();
  }

  /** A change with no request behind it (a scheduled job, the reconciler). */
  public Actor(String name) {
    this(name, null);
  }
}
