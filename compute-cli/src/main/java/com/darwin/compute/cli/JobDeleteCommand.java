package com.darwin.compute.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", description = "Delete an ended job (exit 4 while it runs).")
final class JobDeleteCommand implements Callable<Integer> {

  @ParentCommand JobCommand job;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "SUBMISSION_ID", description = "Job id.")
  String submissionId;

  @Override
  public Integer call() {
    job.cli.client().deleteJob(clusterId, submissionId);
    job.cli.out().println(submissionId + " deleted");
    return ExitCodes.OK;
  }
}
