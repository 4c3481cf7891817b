package com.darwin.compute.cli;

import com.darwin.compute.model.job.JobView;
import com.darwin.compute.sdk.WireJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    description = "A job's status word (PENDING, RUNNING, SUCCEEDED, FAILED, STOPPED).")
final class JobStatusCommand implements Callable<Integer> {

  @ParentCommand JobCommand job;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "SUBMISSION_ID", description = "Job id.")
  String submissionId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the whole job).")
  OutputFormat output;

  @Override
  public Integer call() {
    JobView view = job.cli.client().getJob(clusterId, submissionId);
    job.cli
        .out()
        .println(
            output == OutputFormat.json
                ? WireJson.pretty().writeValueAsString(view)
                : view.status().name());
    return ExitCodes.OK;
  }
}
