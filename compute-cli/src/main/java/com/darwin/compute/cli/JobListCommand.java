package com.darwin.compute.cli;

import com.darwin.compute.model.job.JobView;
import com.darwin.compute.sdk.WireJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List a cluster's jobs, newest first.")
final class JobListCommand implements Callable<Integer> {

  private static final int ENTRYPOINT_WIDTH = 60;

  @ParentCommand JobCommand job;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the API's job views).")
  OutputFormat output;

  @Override
  public Integer call() {
    List<JobView> jobs = job.cli.client().listJobs(clusterId);
    if (output == OutputFormat.json) {
      job.cli.out().println(WireJson.pretty().writeValueAsString(jobs));
      return ExitCodes.OK;
    }
    Table table = new Table("SUBMISSION_ID", "STATUS", "SUBMITTED_BY", "CREATED", "ENTRYPOINT");
    for (JobView j : jobs) {
      String entrypoint = j.entrypoint() == null ? null : j.entrypoint();
      if (entrypoint != null && entrypoint.length() > ENTRYPOINT_WIDTH) {
        entrypoint = entrypoint.substring(0, ENTRYPOINT_WIDTH - 3) + "...";
      }
      table.row(j.submissionId(), j.status(), j.submittedBy(), j.createdAt(), entrypoint);
    }
    table.print(job.cli.out());
    return ExitCodes.OK;
  }
}
