package com.darwin.compute.cli;

import com.darwin.compute.model.runtime.RuntimeSummary;
import com.darwin.compute.sdk.WireJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "runtimes", description = "List the runtimes a cluster file may name.")
final class RuntimesCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    Map<String, List<RuntimeSummary>> runtimes = cli.client().getRuntimes();
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(runtimes));
      return ExitCodes.OK;
    }
    Table table = new Table("RUNTIME", "CLASS", "RAY", "IMAGE");
    runtimes.forEach(
        (kind, list) -> list.forEach(r -> table.row(r.name(), kind, r.rayVersion(), r.image())));
    table.print(cli.out());
    return ExitCodes.OK;
  }
}
