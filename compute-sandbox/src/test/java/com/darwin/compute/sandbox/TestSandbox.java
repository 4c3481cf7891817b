package com.darwin.compute.sandbox;

import java.time.Duration;

/** The JVM-wide sandbox with delays short enough for tests; shared by all test classes. */
final class TestSandbox {

  static final OperatorDelays FAST =
      new OperatorDelays(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200));

  private TestSandbox() {}

  static Sandbox get() {
    return Sandbox.get(SandboxSettings.defaults().withOperatorDelays(FAST));
  }
}
