package com.darwin.compute.cli;

import com.darwin.compute.model.history.HistoryServerView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code compute history ...}: Spark History Servers of clusters (or projects). */
@Command(
    name = "history",
    description = "Start, follow and stop Spark History Servers.",
    subcommands = {
      HistoryStartCommand.class,
      HistoryListCommand.class,
      HistoryGetCommand.class,
      HistoryExtendCommand.class,
      HistoryStopCommand.class,
      HistoryDeleteCommand.class
    })
final class HistoryCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cli.err()
        .println("error: a history command is required (start, list, get, extend, stop, delete)");
    spec.commandLine().usage(cli.err());
    return ExitCodes.USAGE;
  }

  static void print(HistoryServerView s, PrintWriter out) {
    out.println("id:          " + s.id());
    out.println("resource:    " + s.resource());
    out.println("status:      " + s.status().wireName());
    out.println("user:        " + s.user());
    out.println("url:         " + s.url());
    out.println("events:      " + s.filesystem().wireName() + " " + s.eventsPath());
    out.println("cloud_env:   " + s.cloudEnv());
    out.println("started_at:  " + s.startedAt());
    out.println("ttl:         " + s.ttl() + " minutes");
    if (s.expiresAt() != null) {
      out.println("expires_at:  " + s.expiresAt());
    }
    if (s.stoppedAt() != null) {
      out.println("stopped_at:  " + s.stoppedAt());
    }
    if (s.statusMessage() != null) {
      out.println("message:     " + s.statusMessage());
    }
  }
}
