package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.sdk.WireJson;
import com.darwin.compute.sdk.yaml.ClusterYaml;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "manifest",
    description = "Print the Kubernetes manifest a cluster file renders to. Nothing is created.")
final class ManifestCommand implements Callable<Integer> {

  /** The manifest comes in YAML (as kubectl reads it) or JSON. */
  enum Format {
    yaml,
    json
  }

  @ParentCommand ComputeCli cli;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Cluster definition.")
  Path file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      description = "yaml (default) or json.")
  Format output;

  @Override
  public Integer call() {
    ClusterRequest request = ClusterYaml.read(file);
    if (output == Format.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(cli.client().manifest(request)));
    } else {
      String yaml = cli.client().manifestYaml(request);
      cli.out().print(yaml.endsWith("\n") ? yaml : yaml + "\n");
    }
    return ExitCodes.OK;
  }
}
