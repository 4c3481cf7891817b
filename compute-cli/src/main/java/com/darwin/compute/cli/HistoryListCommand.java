package com.darwin.compute.cli;

import com.darwin.compute.model.history.HistoryServerView;
import com.darwin.compute.sdk.WireJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List the running Spark History Servers (--all: every one).")
final class HistoryListCommand implements Callable<Integer> {

  @ParentCommand HistoryCommand history;

  @Option(names = "--all", description = "Stopped and failed ones too.")
  boolean all;

  @Option(names = "--limit", defaultValue = "100", description = "At most this many (1-1000).")
  int limit;

  @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
  int offset;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the API's views).")
  OutputFormat output;

  @Override
  public Integer call() {
    List<HistoryServerView> servers = history.cli.client().listHistoryServers(!all, limit, offset);
    if (output == OutputFormat.json) {
      history.cli.out().println(WireJson.pretty().writeValueAsString(servers));
      return ExitCodes.OK;
    }
    Table table = new Table("ID", "RESOURCE", "STATUS", "USER", "EXPIRES", "URL");
    for (HistoryServerView s : servers) {
      table.row(s.id(), s.resource(), s.status().wireName(), s.user(), s.expiresAt(), s.url());
    }
    table.print(history.cli.out());
    return ExitCodes.OK;
  }
}
