package com.darwin.compute.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "stop",
    description = {
      "Stop a cluster: its pods go away, its definition stays (one already stopped: exit 0).",
      "The cluster is inactive when this returns."
    })
final class StopCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Override
  public Integer call() {
    cli.client().stop(clusterId);
    cli.out().println(clusterId + " stopped");
    return ExitCodes.OK;
  }
}
