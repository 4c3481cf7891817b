package com.darwin.compute.cli;

import com.darwin.compute.model.library.LibraryList;
import com.darwin.compute.model.library.LibraryView;
import com.darwin.compute.sdk.WireJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List a cluster's libraries, newest first.")
final class LibListCommand implements Callable<Integer> {

  @ParentCommand LibCommand lib;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(
      names = {"-q", "--query"},
      paramLabel = "TEXT",
      description = "Names or paths containing TEXT.")
  String key;

  @Option(names = "--page-size", defaultValue = "100", paramLabel = "N")
  int pageSize;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the API's page).")
  OutputFormat output;

  @Override
  public Integer call() {
    LibraryList page = lib.cli.client().listLibraries(clusterId, key, 0, pageSize);
    if (output == OutputFormat.json) {
      lib.cli.out().println(WireJson.pretty().writeValueAsString(page));
      return ExitCodes.OK;
    }
    Table table = new Table("ID", "SOURCE", "NAME", "VERSION", "STATUS", "PATH");
    for (LibraryView l : page.packages()) {
      table.row(
          l.id(), l.source().wireName(), l.name(), l.version(), l.status().wireName(), l.path());
    }
    table.print(lib.cli.out());
    return ExitCodes.OK;
  }
}
