package com.darwin.compute.api.cluster;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.Callers;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.cluster.ClusterEdits;
import com.darwin.compute.core.cluster.HeadNodeLocator;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterOwnerRequest;
import com.darwin.compute.model.cluster.ClusterRenameRequest;
import com.darwin.compute.model.cluster.ClusterTagsRequest;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Single-field edits from the UI and operator tools, and the head node's address. None restarts a
 * running cluster. Answers are enveloped (the Python service answered some of these without a
 * message and with its database rows as data).
 */
@CallerRoute
@RestController
@RequestMapping("/cluster")
@Tag(name = "Cluster edits", description = "Rename, new owner, tags, cloud_env, forced re-render")
public class ClusterEditsController {

  private final ClusterEdits edits;
  private final HeadNodeLocator heads;
  private final ClusterRequestPolicy policy;
  private final Callers callers;

  public ClusterEditsController(
      ClusterEdits edits, HeadNodeLocator heads, ClusterRequestPolicy policy, Callers callers) {
    this.edits = edits;
    this.heads = heads;
    this.policy = policy;
    this.callers = callers;
  }

  @ClusterRoute(ClusterOperation.EDIT)
  @PutMapping("/update-name/{clusterId}")
  @Operation(summary = "Rename a cluster; 409 if another cluster has the name")
  public ResponseEntity<Envelope<Map<String, Object>>> rename(
      @PathVariable String clusterId,
      @Valid @RequestBody ClusterRenameRequest request,
      @MsdUser(required = false) Actor caller) {
    ClusterEntity cluster = edits.rename(clusterId, request.clusterName(), caller);
    return ok(summary(cluster), "Cluster name updated successfully");
  }

  @ClusterRoute(ClusterOperation.MANAGE_PERMISSIONS)
  @PutMapping("/user/{clusterId}")
  @Operation(
      summary = "Give a cluster to another owner; data is the new owner",
      description =
          "For admins and delegates only (403 otherwise): the owner's workspace is what the"
              + " cluster mounts, and its remote commands are the owner's, so neither a share nor"
              + " the owner may hand it over; the previous owner's remote commands are deleted"
              + " with it. An edit (PUT /cluster/{id}) keeps the owner, whatever user it names.")
  public ResponseEntity<Envelope<String>> changeOwner(
      @PathVariable String clusterId,
      @Valid @RequestBody ClusterOwnerRequest request,
      Caller caller) {
    if (!caller.trusted()) {
      throw new AccessDeniedException(
          "owner",
          "You ("
              + caller.user()
              + ") may not give cluster "
              + clusterId
              + " to "
              + request.clusterUser()
              + ": only admins and delegates may give a cluster to someone else");
    }
    Caller newOwner = callers.configured(request.clusterUser(), caller.source());
    return ok(
        edits
            .changeOwner(
                clusterId,
                request.clusterUser(),
                caller.actor(),
                cluster -> policy.checkTransfer(cluster, newOwner, caller))
            .getOwner(),
        "Cluster user was Updated");
  }

  @ClusterRoute(ClusterOperation.EDIT)
  @PutMapping("/update-tags/{clusterId}")
  @Operation(summary = "Replace a cluster's tags")
  public ResponseEntity<Envelope<Map<String, Object>>> replaceTags(
      @PathVariable String clusterId,
      @Valid @RequestBody ClusterTagsRequest request,
      @MsdUser(required = false) Actor caller) {
    List<String> tags = edits.replaceTags(clusterId, request.tags(), caller);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cluster_id", clusterId);
    data.put("tags", tags);
    return ok(data, "Cluster tags updated successfully");
  }

  @ClusterRoute(ClusterOperation.EDIT)
  @PutMapping("/{clusterId}/cloud-env/{cloudEnv}")
  @Operation(
      summary =
          "Move a stopped cluster to another Kubernetes target; 409 while running, 403 for a"
              + " target reserved to others")
  public ResponseEntity<Envelope<Map<String, Object>>> moveTo(
      @PathVariable String clusterId, @PathVariable String cloudEnv, Caller caller) {
    policy.checkTarget(cloudEnv, caller);
    ClusterEntity cluster =
        edits.moveTo(
            clusterId,
            cloudEnv,
            caller.actor(),
            found -> policy.checkTarget(found, cloudEnv, caller));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cluster_id", clusterId);
    data.put("cloud_env", cluster.getCloudEnv());
    return ok(data, "Cluster Cloud Environment Updated Successfully");
  }

  @ClusterRoute(ClusterOperation.EDIT)
  @PutMapping("/force/{clusterId}")
  @Operation(
      summary =
          "Render a cluster again from its spec and the current configuration (new spec version),"
              + " without a restart")
  public ResponseEntity<Envelope<Map<String, Object>>> forceUpdate(
      @PathVariable String clusterId, @MsdUser(required = false) Actor caller) {
    ClusterEntity cluster = edits.forceUpdate(clusterId, caller);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cluster_id", clusterId);
    data.put("artifact_id", cluster.artifactId());
    return ok(data, "Cluster Force Updated Successfully");
  }

  @GetMapping("/{clusterId}/head-node-ip")
  @Operation(summary = "The head pod's IP; 409 when the cluster is stopped or has none yet")
  public ResponseEntity<Envelope<Map<String, String>>> headNodeIp(@PathVariable String clusterId) {
    return ok(
        Map.of("head_node_ip", heads.headNodeIp(clusterId)), "Head node IP fetched successfully");
  }

  private static Map<String, Object> summary(ClusterEntity cluster) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cluster_id", cluster.getClusterId());
    data.put("cluster_name", cluster.getName());
    return data;
  }
}
