package com.darwin.compute.cli;

import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibraryView;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "retry", description = "Install a library again on every pod of the cluster.")
final class LibRetryCommand implements Callable<Integer> {

  @ParentCommand LibCommand lib;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "LIBRARY_ID", description = "Library id.")
  long libraryId;

  @Option(names = "--wait", description = "Wait until installed everywhere (or failed).")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "How long --wait waits (default 15m).")
  Duration timeout;

  @Override
  public Integer call() {
    LibraryView view = lib.cli.client().retryLibrary(clusterId, libraryId);
    if (!await) {
      lib.cli.out().println(view.status().wireName());
      return ExitCodes.OK;
    }
    LibraryDetails details = lib.cli.client().awaitLibrary(clusterId, libraryId, timeout);
    lib.cli.out().println(details.status().wireName());
    LibCommand.reportFailure(lib.cli, details);
    return LibCommand.exitCode(details.status());
  }
}
