package com.darwin.compute.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stop", description = "Stop a Spark History Server (exit 4 if it is not running).")
final class HistoryStopCommand implements Callable<Integer> {

  @ParentCommand HistoryCommand history;

  @Parameters(index = "0", paramLabel = "ID", description = "Server id.")
  String id;

  @Override
  public Integer call() {
    history.cli.client().stopHistoryServer(id);
    history.cli.err().println("Spark History Server " + id + " stopped");
    return ExitCodes.OK;
  }
}
