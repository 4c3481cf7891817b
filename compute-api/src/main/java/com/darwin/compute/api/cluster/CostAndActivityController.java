package com.darwin.compute.api.cluster;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.cluster.ClusterReports;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cost.ClusterCostService;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.cost.ClusterCost;
import com.darwin.compute.model.cost.CostEstimate;
import com.darwin.compute.model.report.RunningClusters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Cost, keep-alive and the reports used by external alerting. */
@RestController
@Tag(name = "Cost, activity and reports")
public class CostAndActivityController {

  private final ClusterCostService costs;
  private final ClusterService clusters;
  private final ClusterReports reports;

  public CostAndActivityController(
      ClusterCostService costs, ClusterService clusters, ClusterReports reports) {
    this.costs = costs;
    this.clusters = clusters;
    this.reports = reports;
  }

  @CallerRoute(readOnly = true)
  @PostMapping("/cluster/cost/predict")
  @Operation(summary = "Hourly cost (USD) of a cluster spec, at min_pods and at max_pods")
  public ResponseEntity<Envelope<CostEstimate>> predict(
      @Valid @RequestBody ClusterRequest request) {
    return ok(costs.predict(request), "Cost predicted successfully");
  }

  @CallerRoute
  @GetMapping("/cluster/{clusterId}/cost")
  @Operation(summary = "What each run of a cluster has cost, from its actual running time")
  public ResponseEntity<Envelope<ClusterCost>> cost(@PathVariable String clusterId) {
    return ok(costs.accrued(clusterId), "Cost fetched successfully");
  }

  @ClusterRoute(ClusterOperation.KEEP_ALIVE)
  @PostMapping("/cluster/{clusterId}/keep-alive")
  @Operation(summary = "Tell auto-termination the cluster is in use: its idle time starts again")
  public ResponseEntity<Envelope<Map<String, Object>>> keepAlive(@PathVariable String clusterId) {
    return ok(
        Map.of("cluster_id", clusterId, "last_used_at", clusters.keepAlive(clusterId)),
        "Keep-alive recorded");
  }

  @CallerRoute
  @GetMapping("/running-clusters/{minutes}")
  @Operation(summary = "Clusters running for longer than the given minutes")
  public ResponseEntity<Envelope<RunningClusters>> running(@PathVariable int minutes) {
    return ok(reports.runningLongerThan(minutes), "Running clusters fetched successfully");
  }

  @CallerRoute
  @GetMapping("/cluster/job/inactive")
  @Operation(summary = "Job clusters unused for the given days")
  public ResponseEntity<Envelope<Map<String, List<Map<String, String>>>>> inactiveJobClusters(
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "1000") int limit,
      @RequestParam(defaultValue = "30") int days) {
    return ok(
        Map.of(
            "cluster_ids",
            reports.jobClustersUnusedFor(days, offset, limit).stream()
                .map(id -> Map.of("cluster_id", id))
                .toList()),
        "Inactive job clusters fetched successfully");
  }
}
