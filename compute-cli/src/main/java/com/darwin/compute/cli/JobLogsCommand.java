package com.darwin.compute.cli;

import com.darwin.compute.model.job.JobStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "logs",
    description = {
      "A job's driver log on stdout.",
      "With --follow, until the job ends; the exit code is then its outcome (0, 8, 9)."
    })
final class JobLogsCommand implements Callable<Integer> {

  @ParentCommand JobCommand job;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "SUBMISSION_ID", description = "Job id.")
  String submissionId;

  @Option(
      names = "--tail",
      paramLabel = "N",
      description = "Only the last N lines (not with --follow).")
  Integer tail;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the job ends.")
  boolean follow;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "How long --follow follows (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    if (!follow) {
      job.cli.out().print(job.cli.client().jobLogs(clusterId, submissionId, tail).logs());
      job.cli.out().flush();
      return ExitCodes.OK;
    }
    if (tail != null) {
      // A followed stream reopened after a break is placed by what was printed of the whole log;
      // taking only its last lines first would print parts twice, or skip them.
      job.cli
          .err()
          .println("error: --tail cannot be used with --follow, which prints the whole log");
      return ExitCodes.USAGE;
    }
    JobStatus status =
        job.cli
            .client()
            .followJobLogs(
                clusterId,
                submissionId,
                timeout,
                piece -> {
                  job.cli.out().print(piece);
                  job.cli.out().flush();
                });
    return JobCommand.exitCode(status);
  }
}
