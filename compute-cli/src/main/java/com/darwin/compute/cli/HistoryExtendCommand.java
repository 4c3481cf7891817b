package com.darwin.compute.cli;

import com.darwin.compute.model.history.HistoryServerView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "extend",
    description = "Keep a Spark History Server for TTL more minutes from now.")
final class HistoryExtendCommand implements Callable<Integer> {

  @ParentCommand HistoryCommand history;

  @Parameters(index = "0", paramLabel = "ID", description = "Server id.")
  String id;

  @Option(names = "--ttl", required = true, paramLabel = "MINUTES", description = "From now.")
  int ttl;

  @Override
  public Integer call() {
    HistoryServerView view = history.cli.client().extendHistoryServer(id, ttl);
    history.cli.out().println(view.expiresAt());
    return ExitCodes.OK;
  }
}
