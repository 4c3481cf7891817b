package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterCreated;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "create",
    description = {
      "Create a cluster from a YAML file in the Python SDK's request.yaml format, and start it.",
      "Prints the new cluster id on stdout (also when --wait then fails)."
    })
final class CreateCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Cluster definition (name, tags, runtime, head_node, worker_group, ...).")
  Path file;

  @Option(names = "--no-start", description = "Create it stopped.")
  boolean noStart;

  @Mixin WaitOptionsMixin waiting;

  @Override
  public Integer call() {
    ClusterCreated created =
        noStart ? cli.client().createFromYaml(file, false) : cli.client().createFromYaml(file);
    // The id first, so that a script can clean up even when the wait fails.
    cli.out().println(created.clusterId());
    cli.out().flush();
    if (waiting.wait && !noStart) {
      Waits.await(cli, created.clusterId(), ClusterStatus.ACTIVE, waiting.timeout);
    }
    return ExitCodes.OK;
  }
}
