package com.darwin.compute.cli;

import com.darwin.compute.model.history.HistoryFilesystem;
import com.darwin.compute.model.history.HistoryServerRequest;
import com.darwin.compute.model.history.HistoryServerStatus;
import com.darwin.compute.model.history.HistoryServerView;
import com.darwin.compute.sdk.ComputeClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "start",
    description =
        "Start the Spark History Server of a cluster (or project); prints its id. A running one"
            + " is reused, a stopped one started again.")
final class HistoryStartCommand implements Callable<Integer> {

  @ParentCommand HistoryCommand history;

  @Parameters(index = "0", paramLabel = "RESOURCE", description = "Cluster id (or project).")
  String resource;

  @Option(names = "--ttl", paramLabel = "MINUTES", description = "Time to live (default 60).")
  Integer ttl;

  @Option(
      names = "--filesystem",
      paramLabel = "FS",
      description = "s3 (default) or efs (the workspace volume).")
  String filesystem;

  @Option(
      names = "--events-path",
      paramLabel = "PATH",
      description = "s3://bucket/prefix, or a folder of the workspace.")
  String eventsPath;

  @Option(names = "--cloud-env", paramLabel = "TARGET", description = "Kubernetes target.")
  String cloudEnv;

  @Option(names = "--wait", description = "Wait until it is active (progress on stderr).")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long --wait waits (default 5m).")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    HistoryFilesystem fs = null;
    if (filesystem != null) {
      try {
        fs = HistoryFilesystem.fromWire(filesystem);
      } catch (IllegalArgumentException e) {
        history.cli.err().println("error: --filesystem must be s3 or efs, not " + filesystem);
        return ExitCodes.USAGE;
      }
    }
    ComputeClient client = history.cli.client();
    String id =
        client
            .startHistoryServer(
                new HistoryServerRequest(
                    resource,
                    null, // the service takes the caller (--user)
                    ttl,
                    fs,
                    eventsPath,
                    cloudEnv))
            .serverId();
    history.cli.out().println(id);
    if (!wait) {
      return ExitCodes.OK;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    HistoryServerStatus last = null;
    while (true) {
      HistoryServerView view = client.getHistoryServer(id);
      if (view.status() != last) {
        history.cli.err().println("Spark History Server " + id + " " + view.status().wireName());
        last = view.status();
      }
      switch (view.status()) {
        case ACTIVE:
          return ExitCodes.OK;
        case FAILED:
        case INACTIVE:
          return ExitCodes.CLUSTER_FAILED;
        default:
          break;
      }
      if (System.nanoTime() > deadline) {
        return ExitCodes.TIMED_OUT;
      }
      Thread.sleep(500);
    }
  }
}
