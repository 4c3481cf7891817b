package com.darwin.compute.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    description =
        "Print a cluster's status alone (creating, head_node_up, jupyter_up, active, ...).")
final class StatusCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Override
  public Integer call() {
    cli.out().println(cli.client().getInfo(clusterId).status().wireName());
    return ExitCodes.OK;
  }
}
