package com.darwin.compute.cli;

import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.sdk.WireJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    description =
        "A library's status word (created, running, success, failed, uninstall_pending); a failed"
            + " one's log on stderr. Exit 8 when failed.")
final class LibStatusCommand implements Callable<Integer> {

  @ParentCommand LibCommand lib;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "LIBRARY_ID", description = "Library id.")
  long libraryId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the details, with each pod's attempt).")
  OutputFormat output;

  @Override
  public Integer call() {
    LibraryDetails details = lib.cli.client().getLibrary(clusterId, libraryId);
    if (output == OutputFormat.json) {
      lib.cli.out().println(WireJson.pretty().writeValueAsString(details));
    } else {
      lib.cli.out().println(details.status().wireName());
      LibCommand.reportFailure(lib.cli, details);
    }
    return details.status() == com.darwin.compute.model.library.LibraryStatus.FAILED
        ? ExitCodes.JOB_FAILED
        : ExitCodes.OK;
  }
}
