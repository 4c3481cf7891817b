package com.darwin.compute.cli;

import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibraryStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code compute lib ...}: the libraries (PyPI, Maven, S3, workspace) of a cluster. */
@Command(
    name = "lib",
    description = "Install, list and remove a cluster's libraries.",
    subcommands = {
      LibInstallCommand.class,
      LibListCommand.class,
      LibStatusCommand.class,
      LibUninstallCommand.class,
      LibRetryCommand.class
    })
final class LibCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cli.err().println("error: a lib command is required (install, list, status, uninstall, retry)");
    spec.commandLine().usage(cli.err());
    return ExitCodes.USAGE;
  }

  /** 0 installed (or waiting for the cluster to start), 8 failed, 7 still running. */
  static int exitCode(LibraryStatus status) {
    return switch (status) {
      case SUCCESS, CREATED, UNINSTALL_PENDING -> ExitCodes.OK;
      case FAILED -> ExitCodes.JOB_FAILED;
      case RUNNING -> ExitCodes.TIMED_OUT;
    };
  }

  /** The failing pod's log, on stderr. */
  static void reportFailure(ComputeCli cli, LibraryDetails details) {
    if (details.status() == LibraryStatus.FAILED && details.error() != null) {
      cli.err().println("library " + details.id() + " failed: " + details.error().errorMessage());
    }
  }
}
