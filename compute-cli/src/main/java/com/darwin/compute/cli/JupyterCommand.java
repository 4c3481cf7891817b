package com.darwin.compute.cli;

import com.darwin.compute.model.jupyter.JupyterLink;
import com.darwin.compute.model.jupyter.JupyterPodView;
import com.darwin.compute.sdk.WireJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code compute jupyter ...}: standalone Jupyter pods of the warm pool. */
@Command(
    name = "jupyter",
    description = "Standalone Jupyter pods: attach a consumer, list, restart, delete.",
    subcommands = {
      JupyterCommand.Attach.class,
      JupyterCommand.ListPods.class,
      JupyterCommand.Restart.class,
      JupyterCommand.Delete.class
    })
final class JupyterCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cli.err().println("error: a jupyter command is required (attach, list, restart, delete)");
    spec.commandLine().usage(cli.err());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "attach",
      description =
          "Print the link of CONSUMER's Jupyter pod (the same pod every time; a free pod of the"
              + " pool, or a new one, the first time).")
  static final class Attach implements Callable<Integer> {

    @ParentCommand JupyterCommand jupyter;

    @Parameters(index = "0", paramLabel = "CONSUMER", description = "Consumer id, e.g. 12-34.")
    String consumer;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text (the link) or json (link, pod, status).")
    OutputFormat output;

    @Override
    public Integer call() {
      JupyterLink link = jupyter.cli.client().attachJupyter(consumer);
      if (output == OutputFormat.json) {
        jupyter.cli.out().println(WireJson.pretty().writeValueAsString(link));
      } else {
        jupyter.cli.out().println(link.jupyterLink());
        jupyter.cli.err().println(link.podName() + " " + link.status().wireName());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List the Jupyter pods (admins).")
  static final class ListPods implements Callable<Integer> {

    @ParentCommand JupyterCommand jupyter;

    @Option(names = "--all", description = "Include deleted pods.")
    boolean all;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text or json (the API's pod views).")
    OutputFormat output;

    @Override
    public Integer call() {
      List<JupyterPodView> pods = jupyter.cli.client().listJupyterPods(all);
      if (output == OutputFormat.json) {
        jupyter.cli.out().println(WireJson.pretty().writeValueAsString(pods));
        return ExitCodes.OK;
      }
      Table table = new Table("POD", "STATUS", "CONSUMER", "TARGET", "RESTARTS", "LAST_ACTIVITY");
      for (JupyterPodView pod : pods) {
        table.row(
            pod.podName(),
            pod.status().wireName(),
            pod.consumerId() == null ? "-" : pod.consumerId(),
            pod.cloudEnv(),
            pod.restarts(),
            pod.lastActivity());
      }
      table.print(jupyter.cli.out());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "restart",
      description = "Recreate a pod's Jupyter server under the same name and link.")
  static final class Restart implements Callable<Integer> {

    @ParentCommand JupyterCommand jupyter;

    @Parameters(index = "0", paramLabel = "POD", description = "Pod name (jup-...).")
    String pod;

    @Override
    public Integer call() {
      var restarted = jupyter.cli.client().restartJupyter(pod);
      jupyter.cli.out().println(restarted.jupyterLink().jupyterLink());
      jupyter.cli.err().println(restarted.jupyterLink().message());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      description = "Delete a pod (admins); its consumer gets a new one next time.")
  static final class Delete implements Callable<Integer> {

    @ParentCommand JupyterCommand jupyter;

    @Parameters(index = "0", paramLabel = "POD", description = "Pod name (jup-...).")
    String pod;

    @Override
    public Integer call() {
      JupyterPodView deleted = jupyter.cli.client().deleteJupyterPod(pod);
      jupyter.cli.out().println(deleted.podName() + " " + deleted.status().wireName());
      return ExitCodes.OK;
    }
  }
}
