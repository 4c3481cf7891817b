package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.sdk.WireJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "dashboards",
    description = "Links to Jupyter, the Ray dashboard, Spark UI, Grafana.")
final class DashboardsCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(names = "--internal", description = "Links that work inside the Kubernetes cluster.")
  boolean internal;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    Dashboards links = cli.client().getDashboards(clusterId, internal);
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(links));
      return ExitCodes.OK;
    }
    new Table("DASHBOARD", "URL")
        .row("jupyter", links.jupyterLabUrl())
        .row("ray", links.rayDashboardUrl())
        .row("spark", links.sparkUiUrl())
        .row("grafana", links.grafanaDashboardUrl())
        .row("code-server", links.codeServerUrl())
        .print(cli.out());
    return ExitCodes.OK;
  }
}
