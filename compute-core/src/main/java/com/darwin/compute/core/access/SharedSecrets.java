package com.darwin.compute.core.access;

import com.darwin.compute.core.store.ClusterPermissionEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.model.access.PrincipalKind;
import java.util.Collection;
import org.springframework.stereotype.Component;

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

  public SharedSecrets(
      SecretGrants grants, KnownUsers users, ClusterPermissionRepository permissions) {
    this.grants = grants;
    this.users = users;
    this.permissions = permissions;
  }

  /** A new or changed share of a cluster that reads {@code secrets}. */
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

  /** An edit that makes a cluster read {@code added} too: each share must be granted them. */
  public void checkAdded(String clusterId, Collection<String> added, Caller caller) {
    if (added.isEmpty() || caller.admin()) {
      return;
    }
    for (ClusterPermissionEntity share :
        permissions.findByClusterIdOrderByPrincipalKindAscPrincipalAsc(clusterId)) {
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
            + ", not granted Secret "
            + secret
            + ", which it reads: whoever a cluster is shared with runs code in it and reads its"
            + " Secrets, so share it only with users and groups granted them"
            + " (compute.access.grants.secrets), or ask an admin of Darwin Compute");
  }
}
