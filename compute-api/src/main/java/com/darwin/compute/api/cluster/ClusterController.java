package com.darwin.compute.api.cluster;

import static com.darwin.compute.api.web.ApiResponses.accepted;
import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.library.ClusterPackages;
import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.access.SharedGrants;
import com.darwin.compute.core.access.SharedSecrets;
import com.darwin.compute.core.cluster.ChangedSinceCheckedException;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.cluster.StateChange;
import com.darwin.compute.core.cluster.WrittenAlong;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterActionAccepted;
import com.darwin.compute.model.cluster.ClusterCreated;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.Set;
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
  private final ClusterRequestPolicy policy;
  private final ClusterPackages packages;
  private final ClusterReads reads;
  private final SharedSecrets sharedSecrets;
  private final SharedGrants sharedGrants;

  public ClusterController(
      ClusterService clusters,
      ClusterReads reads,
      ClusterViews views,
      ClusterRequestPolicy policy,
      ClusterPackages packages,
      SharedSecrets sharedSecrets,
      SharedGrants sharedGrants) {
    this.packages = packages;
    this.clusters = clusters;
    this.reads = reads;
    this.views = views;
    this.policy = policy;
    this.sharedSecrets = sharedSecrets;
    this.sharedGrants = sharedGrants;
  }

  @CallerRoute(bodyUserMayIdentify = true)
  @PostMapping
  @Operation(
      summary = "Create a cluster (and start it unless start_cluster is false)",
      description =
          "The owner is the caller: a body user naming someone else is a 403 unless the caller"
              + " is an admin or a delegate. Instance roles, cloud_env and node types reserved"
              + " to others are a 403 naming them.")
  public ResponseEntity<Envelope<ClusterCreated>> create(
      @Valid @RequestBody ClusterRequest request, Caller caller, HttpServletRequest http) {
    // Only the sandbox lets an unidentified create through (the README's curl, the Python SDK).
    Caller owner = caller != null ? caller : Caller.user(request.user(), http.getRemoteAddr());
    policy.checkCreate(request, owner);
    ClusterPackages.Adding libraries =
        packages.adding(packages.requested(request, owner, request.user()), owner.actor());
    ClusterCreated created =
        clusters.create(request.withoutPackages(), owner.actor(), policy.withCapsHeld(libraries));
    return ok(
        new ClusterCreated(created.clusterId(), libraries.answer(), created.clusterName()),
        "Cluster created successfully");
  }

  @CallerRoute
  @GetMapping("/{clusterId}")
  @Operation(summary = "The full view of a cluster, with who may change it (access)")
  public ResponseEntity<Envelope<ClusterDetailsView>> details(
      @PathVariable String clusterId, Caller caller) {
    ClusterReads.Details read = reads.details(clusterId);
    ClusterView view = read.view();
    // Credential-looking plain values are the owner's to read.
    boolean mask = caller == null || !view.cluster().getOwner().equals(caller.user());
    return ok(
        new ClusterDetailsView(views.details(view, read.historyServer(), mask), read.access()),
        "Cluster Details Fetched Successfully");
  }

  @CallerRoute
  @GetMapping("/{clusterId}/metadata")
  @Operation(summary = "The status row of a cluster")
  public ResponseEntity<Envelope<ClusterMetadata>> metadata(@PathVariable String clusterId) {
    return ok(reads.metadata(clusterId), "Cluster metadata fetched successfully");
  }

  @CallerRoute
  @GetMapping("/{clusterId}/dashboards")
  @Operation(summary = "Links to Jupyter, the Ray dashboard, the Spark UI and Grafana")
  public ResponseEntity<Envelope<Dashboards>> dashboards(
      @PathVariable String clusterId, @RequestParam(defaultValue = "false") boolean internal) {
    return ok(
        views.dashboards(reads.cluster(clusterId), internal), "Dashboards fetched successfully");
  }

  @ClusterRoute(ClusterOperation.EDIT)
  @PutMapping("/{clusterId}")
  @Operation(summary = "Edit a cluster; a running cluster is updated in place or restarted")
  public ResponseEntity<Envelope<Map<String, Object>>> update(
      @PathVariable String clusterId, @Valid @RequestBody ClusterRequest request, Caller caller) {
    ClusterService.UpdateOutcome outcome = checkedUpdate(clusterId, request, caller);
    return ok(
        Map.of("cluster_id", clusterId, "outcome", outcome.name().toLowerCase()),
        "Cluster updated successfully");
  }

  /**
   * The edit checked, completed from the stored spec and applied against the same version of it: if
   * another change lands in between, it is checked again on the new one (a share's edit racing the
   * owner's would otherwise restore what the owner just removed), a few times, then a 409.
   */
  private ClusterService.UpdateOutcome checkedUpdate(
      String clusterId, ClusterRequest request, Caller caller) {
    for (int attempt = 1; ; attempt++) {
      ClusterEntity cluster = clusters.get(clusterId);
      // The body's user is not checked: an edit keeps the owner whoever it names (the service
      // writes the owner into the spec), as the Python service did; PUT /cluster/user/{id} gives a
      // cluster away.
      ClusterRequest edit = policy.checkEdit(cluster, request, caller);
      ClusterPackages.Adding libraries =
          packages.adding(packages.requested(edit, caller, cluster.getOwner()), caller.actor());
      Set<String> secretsAdded = ClusterRequestPolicy.secretsAdded(cluster.getSpec(), edit);
      WrittenAlong along =
          policy.withCapsHeld(
              written -> {
                sharedSecrets.checkAdded(clusterId, secretsAdded, caller);
                sharedGrants.checkAdded(clusterId, cluster.getSpec(), edit, caller);
                libraries.write(written);
              });
      try {
        return clusters.update(
            clusterId, cluster.getSpecVersion(), edit.withoutPackages(), caller.actor(), along);
      } catch (ChangedSinceCheckedException e) {
        if (attempt == EDIT_CHECKS) {
          throw e;
        }
      }
    }
  }

  private static final int EDIT_CHECKS = 3;

  @ClusterRoute(ClusterOperation.START)
  @PostMapping("/start-cluster/{clusterId}")
  @Operation(summary = "Start a stopped cluster under a new run id")
  public ResponseEntity<Envelope<ClusterActionAccepted>> start(
      @PathVariable String clusterId, @MsdUser Actor actor) {
    policy.checkStart(clusters.get(clusterId));
    StateChange started =
        clusters.start(clusterId, actor, policy.withCapsHeld(WrittenAlong.NOTHING));
    return accepted(
        acceptance(started.cluster()),
        started.changed()
            ? "Cluster Start Accepted"
            : "Cluster "
                + clusterId
                + " is already running (status "
                + started.cluster().getStatus().wireName()
                + "); nothing to start");
  }

  @ClusterRoute(ClusterOperation.STOP)
  @PostMapping("/stop-cluster/{clusterId}")
  @Operation(summary = "Stop a cluster: its Kubernetes objects are removed, its spec is kept")
  public ResponseEntity<Envelope<Map<String, String>>> stop(
      @PathVariable String clusterId, @MsdUser Actor actor) {
    StateChange stopped = clusters.stop(clusterId, actor);
    return accepted(
        Map.of("cluster_id", clusterId),
        stopped.changed()
            ? "Cluster stopped successfully"
            : "Cluster " + clusterId + " is already stopped; nothing to stop");
  }

  @ClusterRoute(ClusterOperation.RESTART)
  @PostMapping("/restart-cluster/{clusterId}")
  @Operation(summary = "Recreate a running cluster's pods under the same run id")
  public ResponseEntity<Envelope<ClusterActionAccepted>> restart(
      @PathVariable String clusterId, @MsdUser Actor actor) {
    return accepted(acceptance(clusters.restart(clusterId, actor)), "Restart Cluster Accepted");
  }

  @ClusterRoute(ClusterOperation.DELETE)
  @DeleteMapping("/{clusterId}")
  @Operation(summary = "Delete a stopped cluster (409 while it runs)")
  public ResponseEntity<Envelope<Map<String, String>>> delete(
      @PathVariable String clusterId, @MsdUser Actor actor) {
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
