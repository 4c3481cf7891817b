package com.darwin.compute.cli;

import com.darwin.compute.model.cost.CostEstimate;
import com.darwin.compute.sdk.WireJson;
import com.darwin.compute.sdk.yaml.ClusterYaml;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "cost",
    description = "Predict the hourly cost range of a cluster file. Nothing is created.")
final class CostCommand implements Callable<Integer> {

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
      defaultValue = "text",
      description = "text or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    CostEstimate cost = cli.client().predictCost(ClusterYaml.read(file));
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(cost));
    } else {
      cli.out()
          .println(
              String.format(Locale.ROOT, "%.2f - %.2f per hour", cost.minCost(), cost.maxCost()));
    }
    return ExitCodes.OK;
  }
}
