package com.darwin.compute.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout}, shared by the commands that bring a cluster up. */
final class WaitOptionsMixin {

  @Option(
      names = "--wait",
      description = "Wait until the cluster is active, showing progress on stderr.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}; e.g. 90s, 10m).")
  Duration timeout;
}
