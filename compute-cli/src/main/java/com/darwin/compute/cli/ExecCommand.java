package com.darwin.compute.cli;

import com.darwin.compute.model.command.CommandPodRun;
import com.darwin.compute.model.command.CommandStatus;
import com.darwin.compute.model.command.CommandStatusView;
import com.darwin.compute.model.command.CommandTarget;
import com.darwin.compute.model.command.RemoteCommandRequest;
import com.darwin.compute.sdk.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compute exec ID -- LINE...}: a remote command on the cluster's pods (the owner's only).
 * Each LINE is one shell line, run in order; the output of every pod is printed when it ends.
 */
@Command(
    name = "exec",
    description = {
      "Run shell lines on a cluster's pods (owner and admins only; off unless the service enables"
          + " remote commands). Waits for every pod and prints each one's output; exit 8 if any"
          + " failed, 6 if the cluster is stopped (the command is queued: it runs when the"
          + " cluster starts).",
      "Example: compute exec $ID --target head -- 'pip list' 'df -h'"
    })
final class ExecCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "LINE", description = "Shell lines.")
  List<String> lines;

  @Option(
      names = "--target",
      paramLabel = "PODS",
      defaultValue = "cluster",
      description = "head, worker or cluster (default).")
  String target;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "The command's timeout in each pod (default 300).")
  int timeout;

  @Option(names = "--no-wait", description = "Print the execution id and return.")
  boolean noWait;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the status with every pod's run).")
  OutputFormat output;

  @Override
  public Integer call() {
    CommandTarget pods;
    try {
      pods = CommandTarget.fromWire(target);
    } catch (IllegalArgumentException e) {
      cli.err().println("error: --target must be head, worker or cluster");
      return ExitCodes.USAGE;
    }
    String executionId =
        cli.client()
            .executeCommand(clusterId, new RemoteCommandRequest(null, lines, pods, timeout));
    if (noWait) {
      cli.out().println(executionId);
      return ExitCodes.OK;
    }
    cli.err().println("execution " + executionId + " accepted");
    CommandStatusView view =
        cli.client().awaitCommand(clusterId, executionId, Duration.ofSeconds(timeout + 60L));
    if (view.status() == CommandStatus.CREATED) {
      // The service keeps it for the cluster's next start: there is no output to wait for.
      cli.err()
          .println(
              "execution "
                  + executionId
                  + " is queued: cluster "
                  + clusterId
                  + " is stopped, and the command runs when the cluster starts");
    }
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(view));
    } else {
      for (CommandPodRun run : view.pods()) {
        cli.out()
            .println(
                "== "
                    + run.podName()
                    + " ("
                    + run.status().wireName()
                    + (run.exitCode() == null ? "" : ", exit " + run.exitCode())
                    + ")");
        if (run.log() != null && !run.log().isEmpty()) {
          cli.out().print(run.log().endsWith("\n") ? run.log() : run.log() + "\n");
        }
      }
    }
    return switch (view.status()) {
      case SUCCESS -> ExitCodes.OK;
      case FAILED -> ExitCodes.JOB_FAILED;
      case CREATED -> ExitCodes.CLUSTER_FAILED;
      case RUNNING -> ExitCodes.TIMED_OUT;
    };
  }
}
