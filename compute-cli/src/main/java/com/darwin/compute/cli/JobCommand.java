package com.darwin.compute.cli;

import com.darwin.compute.model.job.JobStatus;
import com.darwin.compute.model.job.JobView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code compute job ...}: Ray jobs on a cluster, through Darwin Compute. */
@Command(
    name = "job",
    description = "Submit and follow Ray jobs on a cluster.",
    subcommands = {
      JobSubmitCommand.class,
      JobListCommand.class,
      JobStatusCommand.class,
      JobLogsCommand.class,
      JobStopCommand.class,
      JobDeleteCommand.class
    })
final class JobCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cli.err()
        .println("error: a job command is required (submit, list, status, logs, stop, delete)");
    spec.commandLine().usage(cli.err());
    return ExitCodes.USAGE;
  }

  /** The exit code of an ended job: 0 succeeded, 8 failed, 9 stopped. */
  static int exitCode(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> ExitCodes.OK;
      case FAILED -> ExitCodes.JOB_FAILED;
      case STOPPED -> ExitCodes.JOB_STOPPED;
      default -> ExitCodes.TIMED_OUT;
    };
  }

  static String describe(JobView job) {
    return job.status()
        + (job.message() == null || job.message().isBlank() ? "" : ": " + job.message());
  }
}
