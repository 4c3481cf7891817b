package com.darwin.compute.core.health;

import java.util.Map;

/** What a probe of one dependency found: up or not, and what an operator reads beside it. */
public record DependencyStatus(boolean up, Map<String, Object> details) {

  public DependencyStatus {
    details = Map.copyOf(details);
  }
}
