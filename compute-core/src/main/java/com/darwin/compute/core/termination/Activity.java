package com.darwin.compute.core.termination;

/**
 * What the idleness checks say of a cluster: in use, idle, or unknown (a check failed and none said
 * "in use": never treated as idle).
 */
public record Activity(State state, String detail) {

  public enum State {
    IN_USE,
    IDLE,
    UNKNOWN
  }

  public static Activity inUse(String why) {
    return new Activity(State.IN_USE, why);
  }

  public static Activity idle() {
    return new Activity(State.IDLE, null);
  }

  public static Activity unknown(String why) {
    return new Activity(State.UNKNOWN, why);
  }
}
