package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "start",
    description = "Start a stopped cluster (one already running is left as it is, exit 0).")
final class StartCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Mixin WaitOptionsMixin waiting;

  @Override
  public Integer call() {
    cli.client().start(clusterId);
    cli.out().println(clusterId + " starting");
    cli.out().flush();
    if (waiting.wait) {
      Waits.await(cli, clusterId, ClusterStatus.ACTIVE, waiting.timeout);
    }
    return ExitCodes.OK;
  }
}
