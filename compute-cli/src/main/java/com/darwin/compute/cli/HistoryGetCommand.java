package com.darwin.compute.cli;

import com.darwin.compute.model.history.HistoryServerView;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.WireJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "get",
    description =
        "One Spark History Server, by its id (shs-...) or by its resource (a cluster id).")
final class HistoryGetCommand implements Callable<Integer> {

  @ParentCommand HistoryCommand history;

  @Parameters(index = "0", paramLabel = "ID|RESOURCE", description = "Server id or resource.")
  String target;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the API's view).")
  OutputFormat output;

  @Override
  public Integer call() {
    ComputeClient client = history.cli.client();
    HistoryServerView view =
        target.startsWith("shs-")
            ? client.getHistoryServer(target)
            : client.getHistoryServerOf(target);
    if (output == OutputFormat.json) {
      history.cli.out().println(WireJson.pretty().writeValueAsString(view));
    } else {
      HistoryCommand.print(view, history.cli.out());
    }
    return ExitCodes.OK;
  }
}
