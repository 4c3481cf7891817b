package com.darwin.compute.cli;

import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.SearchClusterRequest;
import com.darwin.compute.model.search.SearchFilter;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import com.darwin.compute.sdk.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List clusters, newest first.")
final class ListCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Option(
      names = {"-q", "--query"},
      paramLabel = "TEXT",
      description = "Clusters whose name contains this text (by owner: --owner).")
  String query;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      split = ",",
      description = "Only these UI statuses: inactive, creating, active.")
  List<String> statuses;

  @Option(names = "--owner", paramLabel = "EMAIL", description = "Only clusters of this user.")
  String owner;

  @Option(names = "--tag", paramLabel = "TAG", split = ",", description = "Only with these tags.")
  List<String> tags;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "20",
      description = "Clusters per page (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip N.")
  int offset;

  @Option(names = "--all", description = "Every page, not only the first.")
  boolean all;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (an array of the API's search rows).")
  OutputFormat output;

  @Override
  public Integer call() {
    Map<String, SearchFilter> filters = new LinkedHashMap<>();
    addFilter(filters, "status", statuses);
    addFilter(filters, "user", owner == null ? null : List.of(owner));
    addFilter(filters, "tags", tags);
    SearchClusterRequest request =
        new SearchClusterRequest(query, filters, null, null, pageSize, offset);
    List<ClusterSearchHit> hits = new ArrayList<>();
    ComputeException cut = null;
    if (all) {
      try {
        cli.client().searchAll(request).forEach(hits::add);
      } catch (ComputeException e) {
        if (!ComputeClient.SEARCH_WINDOW_EXCEEDED.equals(e.code())) {
          throw e;
        }
        cut = e; // every row in the window is printed, then why there are no more
      }
    } else {
      hits = cli.client().search(request).body();
    }
    int exit = ExitCodes.OK;
    if (cut != null) {
      cli.err().println(cut.reason());
      exit = ExitCodes.REJECTED;
    }
    if (output == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(hits));
      return exit;
    }
    Table table =
        new Table("ID", "NAME", "STATUS", "RUNTIME", "CORES", "MEMORY", "OWNER", "CREATED");
    for (ClusterSearchHit hit : hits) {
      table.row(
          hit.clusterId(),
          hit.name(),
          hit.status() == null ? null : hit.status().wireName(),
          hit.runtime(),
          hit.cpu() == null ? null : hit.cpu().total(),
          hit.memory() == null ? null : hit.memory().total() + "G",
          hit.createdBy(),
          hit.createdOn());
    }
    table.print(cli.out());
    return exit;
  }

  private static void addFilter(
      Map<String, SearchFilter> filters, String name, List<String> values) {
    if (values != null && !values.isEmpty()) {
      filters.put(name, new SearchFilter(false, new ArrayList<>(values), null, false));
    }
  }
}
