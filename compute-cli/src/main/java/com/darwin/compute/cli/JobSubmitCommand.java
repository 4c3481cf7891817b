package com.darwin.compute.cli;

import com.darwin.compute.model.job.Admission;
import com.darwin.compute.model.job.JobStatus;
import com.darwin.compute.model.job.JobSubmitRequest;
import com.darwin.compute.model.job.JobView;
import com.darwin.compute.sdk.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "submit",
    description = {
      "Submit a Ray job: compute job submit ID [options] -- COMMAND [ARGS...]",
      "Prints the submission id. With --wait, follows the job and exits with its outcome:"
          + " 0 succeeded, 8 failed, 9 stopped, 7 timed out. With -o json, stdout is the job's"
          + " JSON only (with --wait, the ended job's; progress goes to stderr).",
      "A job no node of the cluster could ever run is rejected (exit 2) with what is short."
    })
final class JobSubmitCommand implements Callable<Integer> {

  /** Arguments that need no quoting in a POSIX shell command line. */
  private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9_@%+=:,./-]+$");

  @ParentCommand JobCommand job;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The entrypoint, after --; run on the cluster by Ray.")
  List<String> command;

  @Option(names = "--num-cpus", paramLabel = "N", description = "CPUs the entrypoint reserves.")
  Double numCpus;

  @Option(names = "--num-gpus", paramLabel = "N", description = "GPUs the entrypoint reserves.")
  Double numGpus;

  @Option(
      names = "--memory",
      paramLabel = "BYTES",
      description = "Memory the entrypoint reserves, in bytes.")
  Long memory;

  @Option(
      names = "--resource",
      paramLabel = "NAME=N",
      description = "A custom resource the entrypoint reserves (repeatable).")
  Map<String, Double> resources;

  @Option(
      names = "--working-dir",
      paramLabel = "DIR",
      description = "Local directory uploaded to the cluster (as Ray does) and run from.")
  Path workingDir;

  @Option(
      names = "--submission-id",
      paramLabel = "ID",
      description = "Your id for the job: submitting it again is the same job.")
  String submissionId;

  @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Job metadata.")
  Map<String, String> metadata;

  @Option(
      names = "--start",
      description = "Start the cluster if it is stopped; the job runs once it is active.")
  boolean start;

  @Option(names = "--wait", description = "Follow the job until it ends; exit with its outcome.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (the submission id) or json (the job).")
  OutputFormat output;

  @Override
  public Integer call() {
    ComputeCli cli = job.cli;
    JobSubmitRequest request =
        new JobSubmitRequest(
            entrypoint(command),
            submissionId,
            null,
            metadata,
            numCpus,
            numGpus,
            memory,
            resources,
            start ? Boolean.TRUE : null);
    if (workingDir != null && start) {
      // The upload needs the cluster's Ray dashboard: this can take the minutes of a start.
      cli.err()
          .println(
              "Starting cluster "
                  + clusterId
                  + " if it is stopped, and waiting until it is active to upload "
                  + workingDir
                  + " ...");
    } else if (workingDir != null) {
      cli.err().println("Uploading " + workingDir + " ...");
    }
    JobView submitted =
        workingDir == null
            ? cli.client().submitJob(clusterId, request)
            : cli.client().submitJob(clusterId, request, workingDir);
    if (submitted.admission() == Admission.FITS_AFTER_SCALING) {
      cli.err().println("note: " + submitted.admissionMessage());
    }
    if (submitted.waitingForCluster()) {
      cli.err().println("note: the job is submitted once cluster " + clusterId + " is active");
    }
    if (output == OutputFormat.json && !await) {
      cli.out().println(WireJson.pretty().writeValueAsString(submitted));
    } else if (output == OutputFormat.json) {
      // stdout is the final JSON alone, so that it parses; the id goes with the progress.
      cli.err().println("Submitted job " + submitted.submissionId());
    } else {
      cli.out().println(submitted.submissionId());
    }
    if (!await) {
      return ExitCodes.OK;
    }
    JobStatus[] last = {null};
    long started = System.nanoTime();
    JobView done =
        cli.client()
            .awaitJob(
                clusterId,
                submitted.submissionId(),
                timeout,
                seen -> {
                  if (seen.status() != last[0]) {
                    last[0] = seen.status();
                    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                    cli.err().printf("[%4ds] %s%n", seconds, JobCommand.describe(seen));
                    cli.err().flush();
                  }
                });
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(done));
    }
    cli.err().println("Job " + done.submissionId() + " " + done.status());
    return JobCommand.exitCode(done.status());
  }

  /** The command as one shell line, each argument quoted when it needs it (as Ray's CLI does). */
  static String entrypoint(List<String> args) {
    return args.stream()
        .map(a -> PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\"'\"'") + "'")
        .collect(Collectors.joining(" "));
  }
}
