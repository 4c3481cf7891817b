package com.darwin.compute.api.access;

import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sharing a cluster with users and groups at a level (can_attach, can_restart, can_manage). */
@RestController
@RequestMapping("/cluster/{clusterId}/permissions")
@Tag(name = "Sharing", description = "Who besides the owner and admins may change a cluster")
public class ClusterPermissionController {

  private final ClusterAccessService access;

  public ClusterPermissionController(ClusterAccessService access) {
    this.access = access;
  }

  @CallerRoute
  @GetMapping
  @Operation(summary = "The owner and the shares of a cluster")
  public ResponseEntity<Envelope<ClusterAccess>> list(@PathVariable String clusterId) {
    return ok(access.access(clusterId), "Cluster permissions fetched successfully");
  }

  @ClusterRoute(ClusterOperation.MANAGE_PERMISSIONS)
  @PutMapping
  @Operation(
      summary = "Share the cluster with a user or group, or change the level of a share",
      description = "Owner, can_manage, admins. Body: {kind: user|group, principal, level}")
  public ResponseEntity<Envelope<ClusterAccess>> share(
      @PathVariable String clusterId,
      @Valid @RequestBody ClusterPermission permission,
      Caller caller) {
    return ok(access.share(clusterId, permission, caller), "Cluster shared successfully");
  }

  @ClusterRoute(ClusterOperation.MANAGE_PERMISSIONS)
  @DeleteMapping("/{kind}/{principal}")
  @Operation(summary = "Stop sharing the cluster with a user or group")
  public ResponseEntity<Envelope<ClusterAccess>> unshare(
      @PathVariable String clusterId,
      @PathVariable String kind,
      @PathVariable String principal,
      Caller caller) {
    return ok(
        access.unshare(clusterId, kindOf(kind), principal, caller), "Share removed successfully");
  }

  private static PrincipalKind kindOf(String kind) {
    try {
      return PrincipalKind.fromWire(kind);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("kind", "must be user or group");
    }
  }
}
