package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "wait",
    description = {
      "Wait until a cluster reaches a status, showing progress on stderr.",
      "Exit 6 if it is stopped or dies meanwhile, 7 on timeout."
    })
final class WaitCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(
      names = "--for",
      paramLabel = "STATUS",
      defaultValue = "active",
      description = "Status to wait for (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "How long to wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    ClusterStatus status;
    try {
      status = ClusterStatus.fromWire(target);
    } catch (IllegalArgumentException e) {
      cli.err()
          .println(
              "error: --for must be one of "
                  + java.util.Arrays.stream(ClusterStatus.values()).map(s -> s.wireName()).toList()
                  + ", not '"
                  + target.toLowerCase(Locale.ROOT)
                  + "'");
      return ExitCodes.USAGE;
    }
    cli.out().println(Waits.await(cli, clusterId, status, timeout).status().wireName());
    return ExitCodes.OK;
  }
}
