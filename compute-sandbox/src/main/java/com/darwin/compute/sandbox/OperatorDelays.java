package com.darwin.compute.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the {@link SimulatedKubeRayOperator simulated} pods take to become ready.
 *
 * @param headReadyDelay from head pod creation to Running with the Ray container ready
 * @param jupyterReadyDelay after that, until a container named {@code jupyter} is ready
 * @param workerReadyDelay from worker pod creation to Running and Ready
 */
public record OperatorDelays(
    Duration headReadyDelay, Duration jupyterReadyDelay, Duration workerReadyDelay) {

  public OperatorDelays {
    requireNotNegative(headReadyDelay, "headReadyDelay");
    requireNotNegative(jupyterReadyDelay, "jupyterReadyDelay");
    requireNotNegative(workerReadyDelay, "workerReadyDelay");
  }

  /** 3 s, 2 s, 3 s: slow enough to see every phase in the UI of the local profile. */
  public static OperatorDelays defaults() {
    return new OperatorDelays(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  /** The same delay for all three, e.g. {@code OperatorDelays.uniform(Duration.ofMillis(100))}. */
  public static OperatorDelays uniform(Duration delay) {
    return new OperatorDelays(delay, delay, delay);
  }

  private static void requireNotNegative(Duration delay, String name) {
    Objects.requireNonNull(delay, name);
    if (delay.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + delay);
    }
  }
}
