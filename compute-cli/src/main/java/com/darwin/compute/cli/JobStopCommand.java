package com.darwin.compute.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stop", description = "Stop a job (exit 4 if it has already ended).")
final class JobStopCommand implements Callable<Integer> {

  @ParentCommand JobCommand job;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "SUBMISSION_ID", description = "Job id.")
  String submissionId;

  @Override
  public Integer call() {
    var view = job.cli.client().stopJob(clusterId, submissionId);
    job.cli.out().println(submissionId + " " + view.status());
    return ExitCodes.OK;
  }
}
