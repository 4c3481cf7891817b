package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.sdk.ComputeException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "delete",
    description = "Delete a stopped cluster (exit 4 while it runs, unless --stop).")
final class DeleteCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(names = "--stop", description = "Stop the cluster first if it is running.")
  boolean stopFirst;

  @Override
  public Integer call() {
    if (stopFirst && cli.client().getInfo(clusterId).status() != ClusterStatus.INACTIVE) {
      try {
        cli.client().stop(clusterId);
        cli.err().println(clusterId + " stopped");
      } catch (ComputeException e) {
        if (!e.isConflict()) { // already stopping or stopped: fine
          throw e;
        }
      }
    }
    cli.client().delete(clusterId);
    cli.out().println(clusterId + " deleted");
    return ExitCodes.OK;
  }
}
