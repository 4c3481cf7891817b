package com.darwin.compute.cli;

import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.sdk.WireJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "get", description = "Show a cluster: definition, status, links.")
final class GetCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, or json: the API's full view (GET /cluster/{id}).")
  OutputFormat output;

  @Override
  public Integer call() {
    ClusterDetails details = cli.client().getDetails(clusterId);
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(details));
      return ExitCodes.OK;
    }
    ClusterMetadata row = cli.client().getInfo(clusterId);
    PrintWriter out = cli.out();
    line(out, "id", details.clusterId());
    line(out, "name", details.name());
    line(
        out,
        "status",
        row.status().wireName()
            + (row.statusMessage() == null ? "" : " (" + row.statusMessage() + ")"));
    line(out, "pods", row.activePods() + " running");
    line(out, "runtime", details.runtime());
    line(out, "owner", details.user());
    line(out, "tags", details.tags() == null ? "" : String.join(", ", details.tags()));
    line(out, "head", details.headNodeConfig() == null ? null : head(details.headNodeConfig()));
    List<ClusterDetails.WorkerGroup> workers =
        details.workerNodeConfigs() == null ? List.of() : details.workerNodeConfigs();
    if (workers.isEmpty()) {
      line(out, "workers", "none");
    }
    for (int i = 0; i < workers.size(); i++) {
      line(out, i == 0 ? "workers" : "", worker(workers.get(i)));
    }
    line(
        out,
        "idle stop",
        details.inactiveTime() < 0 ? "never" : "after " + details.inactiveTime() + " min");
    line(out, "cloud env", details.cloudEnv());
    line(out, "run id", row.activeClusterRunid());
    line(out, "created", String.valueOf(details.createdOn()));
    if (details.dashboards() != null && details.dashboards().data() != null) {
      line(out, "jupyter", details.dashboards().data().jupyterLabUrl());
      line(out, "dashboard", details.dashboards().data().rayDashboardUrl());
    }
    return ExitCodes.OK;
  }

  private static String head(ClusterDetails.Head head) {
    if (head.gpuPod() != null) {
      return head.gpuPod().name() + " x" + head.gpuPod().gpuCount();
    }
    return head.headNodeCores()
        + " cores, "
        + head.headNodeMemory()
        + " GB, "
        + head.nodeCapacityType().wireName();
  }

  private static String worker(ClusterDetails.WorkerGroup w) {
    String shape =
        w.gpuPod() != null
            ? w.gpuPod().name() + " x" + w.gpuPod().gpuCount()
            : w.cores() + " cores, " + w.memory() + " GB";
    return shape
        + ", "
        + w.minPods()
        + ".."
        + w.maxPods()
        + " pods, "
        + w.nodeCapacityType().wireName();
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(
        String.format("%-10s %s", label.isEmpty() ? "" : label + ":", value == null ? "-" : value));
  }
}
