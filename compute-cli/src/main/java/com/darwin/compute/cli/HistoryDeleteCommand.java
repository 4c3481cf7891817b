package com.darwin.compute.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "delete",
    description = "Delete a stopped Spark History Server (exit 4 while it runs; --stop first).")
final class HistoryDeleteCommand implements Callable<Integer> {

  @ParentCommand HistoryCommand history;

  @Parameters(index = "0", paramLabel = "ID", description = "Server id.")
  String id;

  @Option(names = "--stop", description = "Stop it first if it runs.")
  boolean stop;

  @Override
  public Integer call() {
    var client = history.cli.client();
    if (stop && client.getHistoryServer(id).status().running()) {
      client.stopHistoryServer(id);
    }
    client.deleteHistoryServer(id);
    history.cli.err().println("Spark History Server " + id + " deleted");
    return ExitCodes.OK;
  }
}
