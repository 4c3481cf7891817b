package com.darwin.compute.core.access;

import com.darwin.compute.core.store.ClusterPermissionEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link SharedSecrets}' rule for the other things a grant reserves that a cluster's code runs with
 * ({@link ReservedUses}): its instance role and its project's workspace. Whoever a cluster is
 * shared with runs code in it, so a share reaches only users and groups granted them, from both
 * sides: a new share of a cluster on a reserved role or project, and an edit that puts a shared
 * cluster on one. Admins may share any cluster.
 */
@Component
public class SharedGrants {

  private final ReservedUses reservedUses;
  private final KnownUsers users;
  private final ClusterPermissionRepository permissions;
  private final ClusterRepository clusters;

  public SharedGrants(
      ReservedUses reservedUses,
      KnownUsers users,
      ClusterPermissionRepository permissions,
      ClusterRepository clusters) {
    this.reservedUses = reservedUses;
    this.users = users;
    this.permissions = permissions;
    this.clusters = clusters;
  }

  /** A new share of a cluster of this spec, in the share's transaction. */
  public void checkShare(
      String clusterId, ClusterRequest spec, PrincipalKind kind, String principal, Caller caller) {
    if (caller.admin()) {
      return;
    }
    for (ReservedUses.Use use : reservedUses.of(spec)) {
      if (!use.reaches(kind, principal, users, caller.source())) {
        throw refusal(clusterId, use, kind, principal, "may not be shared with");
      }
    }
  }

  /**
   * An edit from {@code before} to {@code after}, in the edit's transaction: what it makes the
   * cluster run with that it did not, checked against every share, with the cluster's row locked
   * and the shares read as committed (as {@link SharedSecrets#checkAdded}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void checkAdded(
      String clusterId, ClusterRequest before, ClusterRequest after, Caller caller) {
    if (caller.admin()) {
      return;
    }
    List<ReservedUses.Use> added = reservedUses.added(before, after);
    if (added.isEmpty()) {
      return;
    }
    clusters.findForEdit(clusterId);
    for (ClusterPermissionEntity share : permissions.findCommitted(clusterId)) {
      for (ReservedUses.Use use : added) {
        if (!use.reaches(share.getPrincipalKind(), share.getPrincipal(), users, caller.source())) {
          throw refusal(
              clusterId, use, share.getPrincipalKind(), share.getPrincipal(), "is shared with");
        }
      }
    }
  }

  private static AccessDeniedException refusal(
      String clusterId,
      ReservedUses.Use use,
      PrincipalKind kind,
      String principal,
      String relation) {
    return ShareRefusal.of(
        clusterId,
        relation,
        kind,
        principal,
        use.what(),
        "which it runs with: whoever a cluster is shared with runs code in it, so share it only"
            + " with users and groups granted it (compute.access.grants)");
  }
}
