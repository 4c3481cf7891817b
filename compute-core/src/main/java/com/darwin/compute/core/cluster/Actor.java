package com.darwin.compute.core.cluster;

/** Who asks for a change: the e-mail from {@code msd-user}, or a system job's name. */
public record Actor(String name) {

  public Actor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("actor name is required");
    }
  }
}
