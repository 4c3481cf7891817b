package com.darwin.compute.core.access;

import com.darwin.compute.core.store.ClusterPermissionEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.access.PrincipalKind;
import java.util.Collection;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whoever a cluster is shared with runs code in it (every level includes {@code can_attach}: jobs,
 * remote commands, libraries), and that code reads the Secrets the cluster reads. So a share
 * reaches only users and groups granted those Secrets, from both sides: a share of a cluster that
 * reads them, and an edit that adds one to a shared cluster. Admins, who may name any Secret, may
 * share any cluster.
 */
@Component
public class SharedSecrets {

  private final SecretGrants grants;
  private final KnownUsers users;
  private final ClusterPermissionRepository permissions;
  private final ClusterRepository clusters;

  public SharedSecrets(
      SecretGrants grants,
      KnownUsers users,
      ClusterPermissionRepository permissions,
      ClusterRepository clusters) {
    this.grants = grants;
    this.users = users;
    this.permissions = permissions;
    this.clusters = clusters;
  }

  /**
   * A new share of a cluster that reads {@code secrets}, in the share's transaction (which holds
   * the cluster's row for reading).
   */
  public void checkShare(
      String clusterId,
      Collection<String> secrets,
      PrincipalKind kind,
      String principal,
      Caller caller) {
    if (caller.admin()) {
      return;
    }
    for (String secret : secrets) {
      if (!reaches(kind, principal, secret, caller.source())) {
        throw refusal(clusterId, secret, kind, principal, "may not be shared with");
      }
    }
  }

  /**
   * An edit that makes a cluster read {@code added} too, in the edit's transaction: each share must
   * be granted them. The cluster's row is locked for writing first and the shares are read as
   * committed, so a share made at the same time is either seen here or waits for this edit and then
   * checks the new spec.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void checkAdded(String clusterId, Collection<String> added, Caller caller) {
    if (added.isEmpty() || caller.admin()) {
      return;
    }
    clusters.findForEdit(clusterId);
    for (ClusterPermissionEntity share : permissions.findCommitted(clusterId)) {
      for (String secret : added) {
        if (!reaches(share.getPrincipalKind(), share.getPrincipal(), secret, caller.source())) {
          throw refusal(
              clusterId, secret, share.getPrincipalKind(), share.getPrincipal(), "is shared with");
        }
      }
    }
  }

  private boolean reaches(PrincipalKind kind, String principal, String secret, String source) {
    return kind == PrincipalKind.GROUP
        ? grants.allowsGroup(secret, principal)
        : grants.allows(secret, users.configured(principal, source));
  }

  private static AccessDeniedException refusal(
      String clusterId, String secret, PrincipalKind kind, String principal, String relation) {
    return ShareRefusal.of(
        clusterId,
        relation,
        kind,
        principal,
        "Secret " + secret,
        "which it reads: whoever a cluster is shared with runs code in it and reads its Secrets, so"
            + " share it only with users and groups granted them (compute.access.grants.secrets)");
  }
}
