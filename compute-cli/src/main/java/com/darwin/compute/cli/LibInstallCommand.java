package com.darwin.compute.cli;

import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibraryBody;
import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryView;
import com.darwin.compute.model.library.MavenMetadata;
import com.darwin.compute.sdk.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "install",
    description = {
      "Install libraries on a cluster: now on a running one (every pod), at the next start on a"
          + " stopped one. Prints the library ids.",
      "Example: compute lib install $ID --pypi pandas==2.2.2 --maven"
          + " org.postgresql:postgresql:42.7.3 --wait"
    })
final class LibInstallCommand implements Callable<Integer> {

  @ParentCommand LibCommand lib;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(names = "--pypi", paramLabel = "REQUIREMENT", description = "name[==version], repeatable")
  List<String> pypi = new ArrayList<>();

  @Option(names = "--index-url", paramLabel = "URL", description = "PyPI index of the --pypi ones.")
  String indexUrl;

  @Option(
      names = "--maven",
      paramLabel = "COORDINATES",
      description = "group:artifact:version, repeatable")
  List<String> maven = new ArrayList<>();

  @Option(
      names = "--repository",
      paramLabel = "REPO",
      description = "Maven repository: maven (default), spark or an https URL.")
  String repository;

  @Option(
      names = "--exclusions",
      paramLabel = "LIST",
      description = "Maven exclusions, group:artifact,...")
  String exclusions;

  @Option(names = "--s3", paramLabel = "URI", description = "s3://bucket/key (.whl .txt .jar ...)")
  List<String> s3 = new ArrayList<>();

  @Option(names = "--workspace", paramLabel = "PATH", description = "A file of your workspace.")
  List<String> workspace = new ArrayList<>();

  @Option(names = "--wait", description = "Wait until installed everywhere (or failed).")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "How long --wait waits (default 15m).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (ids) or json (the libraries).")
  OutputFormat output;

  @Override
  public Integer call() {
    List<InstallRequest> requests = new ArrayList<>();
    pypi.forEach(
        r ->
            requests.add(
                new InstallRequest(LibrarySource.PYPI, new LibraryBody(r, indexUrl, null, null))));
    MavenMetadata metadata =
        repository == null && exclusions == null ? null : new MavenMetadata(repository, exclusions);
    maven.forEach(m -> requests.add(InstallRequest.maven(m, null, metadata)));
    s3.forEach(u -> requests.add(InstallRequest.s3(u)));
    workspace.forEach(p -> requests.add(InstallRequest.workspace(p)));
    if (requests.isEmpty()) {
      lib.cli
          .err()
          .println("error: name at least one --pypi, --maven, --s3 or --workspace library");
      return ExitCodes.USAGE;
    }
    List<LibraryView> installed =
        requests.size() == 1
            ? List.of(lib.cli.client().installLibrary(clusterId, requests.get(0)))
            : lib.cli.client().installLibraries(clusterId, requests).packages();
    int exit = ExitCodes.OK;
    List<Object> shown = new ArrayList<>();
    for (LibraryView view : installed) {
      if (await) {
        LibraryDetails details = lib.cli.client().awaitLibrary(clusterId, view.id(), timeout);
        LibCommand.reportFailure(lib.cli, details);
        exit = Math.max(exit, LibCommand.exitCode(details.status()));
        shown.add(details);
        if (output != OutputFormat.json) {
          lib.cli.out().println(view.id() + "\t" + details.status().wireName());
        }
      } else {
        shown.add(view);
        if (output != OutputFormat.json) {
          lib.cli.out().println(view.id() + "\t" + view.status().wireName());
        }
      }
    }
    if (output == OutputFormat.json) {
      lib.cli.out().println(WireJson.pretty().writeValueAsString(shown));
    }
    return exit;
  }
}
