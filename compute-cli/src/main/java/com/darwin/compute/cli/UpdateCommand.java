package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.sdk.ClusterUpdated;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "update",
    description = {
      "Replace a cluster's definition with a YAML file.",
      "A running cluster is updated in place (worker counts) or restarted; a stopped one is"
          + " started unless the file says start_cluster: false."
    })
final class UpdateCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Cluster definition.")
  Path file;

  @Mixin WaitOptionsMixin waiting;

  @Override
  public Integer call() {
    ClusterUpdated updated = cli.client().updateFromYaml(clusterId, file);
    cli.out().println(clusterId + " " + updated.outcome());
    cli.out().flush();
    if (waiting.wait && updated.restartsPods()) {
      Waits.await(cli, clusterId, ClusterStatus.ACTIVE, waiting.timeout);
    }
    return ExitCodes.OK;
  }
}
