package com.darwin.compute.core.access;

import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.cluster.RetriedOnConcurrentInsert;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterPermissionEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may change a cluster: its owner, admins, configured delegates, and the users and groups it is
 * shared with at a level that includes the operation's. Everyone else is refused with a reason, and
 * the attempt is written on the cluster's timeline.
 */
@Service
public class ClusterAccessService {

  private final ClusterRepository clusters;
  private final ClusterPermissionRepository permissions;
  private final ClusterTimeline timeline;
  private final AccessAudit audit;
  private final Clock clock;
  private final SharedSecrets sharedSecrets;
  private final SharedGrants sharedGrants;
  private final TransactionTemplate readOnly;

  public ClusterAccessService(
      ClusterRepository clusters,
      ClusterPermissionRepository permissions,
      ClusterTimeline timeline,
      AccessAudit audit,
      Clock clock,
      SharedSecrets sharedSecrets,
      SharedGrants sharedGrants,
      PlatformTransactionManager transactions) {
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.clusters = clusters;
    this.permissions = permissions;
    this.timeline = timeline;
    this.audit = audit;
    this.clock = clock;
    this.sharedSecrets = sharedSecrets;
    this.sharedGrants = sharedGrants;
  }

  /**
   * Throws {@link AccessDeniedException} unless the caller may perform the operation. An unknown
   * cluster passes: the operation itself answers 404, so the check reveals nothing more.
   *
   * <p>The refusal is written once the reads' transaction has ended (when this is called outside
   * any, as the route check is): written from inside it, it took a second pooled connection while
   * holding the first, and as many refused requests at once as the pool has connections held them
   * all, waiting for a second, until each timed out, every other request of the replica with them.
   */
  public void require(String clusterId, Caller caller, ClusterOperation operation) {
    String why = readOnly.execute(status -> refusal(clusterId, caller, operation));
    if (why == null) {
      return;
    }
    if (operation.refusalRecorded()) {
      audit.refused(clusterId, caller, operation.verb() + " it", why);
    }
    throw new AccessDeniedException(
        "cluster", "You may not " + operation.verb() + " cluster " + clusterId + ": " + why);
  }

  /** Why the caller may not perform the operation on the cluster, or null when they may. */
  private String refusal(String clusterId, Caller caller, ClusterOperation operation) {
    Optional<ClusterEntity> cluster = clusters.findById(clusterId);
    if (cluster.isEmpty() || caller.trusted()) {
      return null;
    }
    String owner = cluster.get().getOwner();
    if (owner.equals(caller.user())) {
      return null;
    }
    AccessLevel granted = levelOf(clusterId, caller).orElse(null);
    if (granted != null && granted.includes(operation.level())) {
      return null;
    }
    return granted == null
        ? "it belongs to " + owner + " and is not shared with you"
        : "it is shared with you at "
            + granted.wireName()
            + ", and to "
            + operation.verb()
            + " it needs "
            + operation.level().wireName();
  }

  /** The highest level the cluster is shared with the caller at, directly or through a group. */
  private Optional<AccessLevel> levelOf(String clusterId, Caller caller) {
    return permissions.findByClusterIdOrderByPrincipalKindAscPrincipalAsc(clusterId).stream()
        .filter(
            p ->
                p.getPrincipalKind() == PrincipalKind.USER
                    ? p.getPrincipal().equals(caller.user())
                    : caller.groups().contains(p.getPrincipal()))
        .map(ClusterPermissionEntity::getLevel)
        .max(Enum::compareTo);
  }

  @Transactional(readOnly = true)
  public ClusterAccess access(String clusterId) {
    ClusterEntity cluster =
        clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    return access(cluster);
  }

  @Transactional(readOnly = true)
  public ClusterAccess access(ClusterEntity cluster) {
    List<ClusterPermission> shares =
        permissions
            .findByClusterIdOrderByPrincipalKindAscPrincipalAsc(cluster.getClusterId())
            .stream()
            .map(p -> new ClusterPermission(p.getPrincipalKind(), p.getPrincipal(), p.getLevel()))
            .toList();
    return new ClusterAccess(cluster.getOwner(), shares);
  }

  /**
   * Shares the cluster, or changes the level of an existing share. Two shares of one principal at
   * once both read "not shared" (the cluster's lock is a shared one), and the second insert breaks
   * the unique key: it runs again, finds the first one's share, and sets its level, as a share sent
   * after it would.
   */
  @RetriedOnConcurrentInsert
  @Transactional
  public ClusterAccess share(String clusterId, ClusterPermission permission, Caller caller) {
    // A principal is matched against callers' names, which are one line of text (msd-user, the
    // JWT claims), stripped as msd-user is: one that no caller can carry would be a share nobody
    // holds, and its line breaks would reach the timeline and the events sent on.
    String principal = permission.principal().strip();
    TextRules.requireOneLine("principal", principal);
    // Locked: a share racing the cluster's delete must not outlive it.
    ClusterEntity cluster =
        clusters.findForShare(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    var now = clock.instant();
    String by = caller.actor().name();
    Optional<ClusterPermissionEntity> existing =
        permissions.findByClusterIdAndPrincipalKindAndPrincipal(
            clusterId, permission.kind(), principal);
    if (existing.isPresent()) {
      // Every level runs code: a level changed reaches no Secret the share did not reach.
      existing.get().change(permission.level(), by, now);
    } else {
      sharedSecrets.checkShare(
          clusterId,
          ClusterRequestPolicy.secretsRead(cluster.getSpec()),
          permission.kind(),
          principal,
          caller);
      sharedGrants.checkShare(clusterId, cluster.getSpec(), permission.kind(), principal, caller);
      permissions.save(
          new ClusterPermissionEntity(
              clusterId, permission.kind(), principal, permission.level(), by, now));
    }
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.PERMISSIONS_CHANGED,
        "Cluster shared with "
            + permission.kind().wireName()
            + " "
            + principal
            + " at "
            + permission.level().wireName()
            + " by "
            + by
            + " from "
            + caller.source(),
        caller.actor());
    return access(cluster);
  }

  /**
   * Removes a share; removing one that does not exist is a 404, also for a removal that loses the
   * race to another removal of it (it runs again on a fresh read).
   */
  @RetriedOnConcurrentChange
  @Transactional
  public ClusterAccess unshare(
      String clusterId, PrincipalKind kind, String principal, Caller caller) {
    ClusterEntity cluster =
        clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    ClusterPermissionEntity existing =
        permissions
            .findByClusterIdAndPrincipalKindAndPrincipal(clusterId, kind, principal.strip())
            .orElseThrow(
                () ->
                    new PermissionNotFoundException(
                        "Cluster "
                            + clusterId
                            + " is not shared with "
                            + kind.wireName()
                            + " "
                            + principal));
    permissions.delete(existing);
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.PERMISSIONS_CHANGED,
        "Share with "
            + kind.wireName()
            + " "
            + existing.getPrincipal()
            + " removed by "
            + caller.actor().name()
            + " from "
            + caller.source(),
        caller.actor());
    return access(cluster);
  }
}
