package com.darwin.compute.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "uninstall",
    description =
        "Remove libraries: at once on a stopped cluster; on a running one after its next stop or"
            + " restart (uninstall_pending until then).")
final class LibUninstallCommand implements Callable<Integer> {

  @ParentCommand LibCommand lib;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "LIBRARY_ID",
      description = "Library ids.")
  List<Long> ids;

  @Override
  public Integer call() {
    lib.cli.client().uninstallLibraries(clusterId, ids);
    ids.forEach(id -> lib.cli.out().println(id));
    return ExitCodes.OK;
  }
}
