package com.darwin.compute.api.cluster;

import static com.darwin.compute.api.web.ApiResponses.accepted;
import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.cluster.Actor;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.DashboardLinks;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterActionAccepted;
import com.darwin.compute.model.cluster.ClusterCreated;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The cluster lifecycle endpoints of the REST contract ({@code /cluster...}). */
@RestController
@RequestMapping("/cluster")
@Tag(name = "Clusters", description = "Create, follow, start, stop, edit and delete Ray clusters")
public class ClusterController {

  private final ClusterService clusters;
  private final ClusterViews views;
  private final DashboardLinks dashboards;

  public ClusterController(ClusterService clusters, ClusterViews views, DashboardLinks dashboards) {
    this.clusters = clusters;
    this.views = views;
    this.dashboards = dashboards;
  }

  @PostMapping
  @Operation(summary = "Create a cluster (and start it unless start_cluster is false)")
  public ResponseEntity<Envelope<ClusterCreated>> create(
      @Valid @RequestBody ClusterRequest request, @MsdUser(required = false) Actor caller) {
    Actor actor = "anonymous".equals(caller.name()) ? new Actor(request.user()) : caller;
    return ok(clusters.create(request, actor), "Cluster created successfully");
  }

  @GetMapping("/{clusterId}")
  @Operation(summary = "The full view of a cluster")
  public ResponseEntity<Envelope<ClusterDetails>> details(@PathVariable String clusterId) {
    return ok(views.details(clusters.view(clusterId)), "Cluster Details Fetched Successfully");
  }

  @GetMapping("/{clusterId}/metadata")
  @Operation(summary = "The status row of a cluster")
  public ResponseEntity<Envelope<ClusterMetadata>> metadata(@PathVariable String clusterId) {
    return ok(views.metadata(clusters.get(clusterId)), "Cluster metadata fetched successfully");
  }

  @GetMapping("/{clusterId}/dashboards")
  @Operation(summary = "Links to Jupyter, the Ray dashboard, the Spark UI and Grafana")
  public ResponseEntity<Envelope<Dashboards>> dashboards(
      @PathVariable String clusterId, @RequestParam(defaultValue = "false") boolean internal) {
    return ok(dashboards.of(clusters.get(clusterId), internal), "Dashboards fetched successfully");
  }

  @PutMapping("/{clusterId}")
  @Operation(summary = "Edit a cluster; a running cluster is updated in place or restarted")
  public ResponseEntity<Envelope<Map<String, Object>>> update(
      @PathVariable String clusterId,
      @Valid @RequestBody ClusterRequest request,
      @MsdUser(required = false) Actor actor) {
    ClusterService.UpdateOutcome outcome = clusters.update(clusterId, request, actor);
    return ok(
        Map.of("cluster_id", clusterId, "outcome", outcome.name().toLowerCase()),
        "Cluster updated successfully");
  }

  @PostMapping("/start-cluster/{clusterId}")
  @Operation(summary = "Start a stopped cluster under a new run id")
  public ResponseEntity<Envelope<ClusterActionAccepted>> start(
      @PathVariable String clusterId, @MsdUser Actor actor) {
    return accepted(acceptance(clusters.start(clusterId, actor)), "Cluster Start Accepted");
  }

  @PostMapping("/stop-cluster/{clusterId}")
  @Operation(summary = "Stop a cluster: its Kubernetes objects are removed, its spec is kept")
  public ResponseEntity<Envelope<Map<String, String>>> stop(
      @PathVariable String clusterId, @MsdUser Actor actor) {
    clusters.stop(clusterId, actor);
    return accepted(Map.of("cluster_id", clusterId), "Cluster stopped successfully");
  }

  @PostMapping("/restart-cluster/{clusterId}")
  @Operation(summary = "Recreate a running cluster's pods under the same run id")
  public ResponseEntity<Envelope<ClusterActionAccepted>> restart(
      @PathVariable String clusterId, @MsdUser Actor actor) {
    return accepted(acceptance(clusters.restart(clusterId, actor)), "Restart Cluster Accepted");
  }

  @DeleteMapping("/{clusterId}")
  @Operation(summary = "Delete a stopped cluster (409 while it runs)")
  public ResponseEntity<Envelope<Map<String, String>>> delete(
      @PathVariable String clusterId, @MsdUser(required = false) Actor actor) {
    clusters.delete(clusterId, actor);
    return ok(Map.of("cluster_id", clusterId), "Cluster deleted successfully");
  }

  private static ClusterActionAccepted acceptance(ClusterEntity cluster) {
    return new ClusterActionAccepted(
        cluster.getClusterId(),
        ResourceNames.rayCluster(cluster.getClusterId()),
        cluster.getNamespace(),
        cluster.getCloudEnv());
  }
}
