package com.darwin.compute.core.access;

import com.darwin.compute.core.access.ClusterRequestPolicy.ReservedUse;
import com.darwin.compute.core.store.ClusterPermissionEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.access.PrincipalKind;
import java.util.Collection;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link SharedSecrets}' rule for the other things a grant reserves that a cluster's code runs
 * with: its instance role (the cloud identity its pods assume) and its project's workspace. Whoever
 * a cluster is shared with runs code in it, so a share reaches only users and groups granted them,
 * from both sides: a new share of a cluster on a reserved role or project, and an edit that puts a
 * shared cluster on one. Admins may share any cluster.
 */
@Component
public class SharedGrants {

  private final KnownUsers users;
  private final ClusterPermissionRepository permissions;
  private final ClusterRepository clusters;

  public SharedGrants(
      KnownUsers users, ClusterPermissionRepository permissions, ClusterRepository clusters) {
    this.users = users;
    this.permissions = permissions;
    this.clusters = clusters;
  }

  /** A new share of a cluster that runs with {@code uses}, in the share's transaction. */
  public void checkShare(
      String clusterId,
      Collection<ReservedUse> uses,
      PrincipalKind kind,
      String principal,
      Caller caller) {
    if (caller.admin()) {
      return;
    }
    for (ReservedUse use : uses) {
      if (!use.reaches(kind, principal, users, caller.source())) {
        throw refusal(clusterId, use, kind, principal, "may not be shared with");
      }
    }
  }

  /**
   * An edit that makes a cluster run with {@code added} too, in the edit's transaction, with the
   * cluster's row locked and the shares read as committed (as {@link SharedSecrets#checkAdded}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void checkAdded(String clusterId, Collection<ReservedUse> added, Caller caller) {
    if (added.isEmpty() || caller.admin()) {
      return;
    }
    clusters.findForEdit(clusterId);
    for (ClusterPermissionEntity share : permissions.findCommitted(clusterId)) {
      for (ReservedUse use : added) {
        if (!use.reaches(share.getPrincipalKind(), share.getPrincipal(), users, caller.source())) {
          throw refusal(
              clusterId, use, share.getPrincipalKind(), share.getPrincipal(), "is shared with");
        }
      }
    }
  }

  private static AccessDeniedException refusal(
      String clusterId, ReservedUse use, PrincipalKind kind, String principal, String relation) {
    return new AccessDeniedException(
        "grant",
        "Cluster "
            + clusterId
            + " "
            + relation
            + " "
            + kind.wireName()
            + " "
            + principal
            + ", not granted "
            + use.what()
            + ", which it runs with: whoever a cluster is shared with runs code in it, so share it"
            + " only with users and groups granted it (compute.access.grants), or ask an admin of"
            + " Darwin Compute");
  }
}
