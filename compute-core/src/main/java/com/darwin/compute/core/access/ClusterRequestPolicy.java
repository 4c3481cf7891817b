package com.darwin.compute.core.access;

import com.darwin.compute.core.cluster.WrittenAlong;
import com.darwin.compute.core.config.AccessProperties;
import com.darwin.compute.core.config.AccessProperties.Principals;
import com.darwin.compute.core.config.NodePoolProperties;
import com.darwin.compute.core.domain.ClusterPlacement;
import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.runtime.RuntimeClass;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a caller may ask for in a cluster request: whose cluster it is (the caller's own, unless an
 * admin or a delegate names another owner), the instance role, Kubernetes target, node types,
 * workspace project and Secrets they were granted, and how much they already run (the per-user
 * caps).
 */
@Component
public class ClusterRequestPolicy {

  private final AccessProperties access;
  private final ReservedUses reservedUses;
  private final NodePoolProperties nodePools;
  private final ClusterPlacement placement;
  private final ClusterRepository clusters;
  private final RuntimeLookups runtimes;
  private final SecretGrants secrets;
  private final KnownUsers users;

  public ClusterRequestPolicy(
      AccessProperties access,
      ReservedUses reservedUses,
      NodePoolProperties nodePools,
      ClusterPlacement placement,
      ClusterRepository clusters,
      RuntimeLookups runtimes,
      SecretGrants secrets,
      KnownUsers users) {
    this.access = access;
    this.reservedUses = reservedUses;
    this.nodePools = nodePools;
    this.placement = placement;
    this.clusters = clusters;
    this.runtimes = runtimes;
    this.secrets = secrets;
    this.users = users;
  }

  /**
   * A new cluster: owned by the caller, using only what they were granted, within their caps. No
   * transaction of its own: without caps it reads nothing, and an empty read-only transaction cost
   * every create five round trips (issue 21); the caps' one query has its repository's.
   */
  public void checkCreate(ClusterRequest request, Caller caller) {
    if (!caller.trusted() && !Objects.equals(request.user(), caller.user())) {
      throw new AccessDeniedException(
          "owner",
          "You ("
              + caller.user()
              + ") may not create a cluster for "
              + request.user()
              + ": user must be yourself unless you are an admin or a configured delegate");
    }
    checkGrants(request, caller);
    checkSecrets(request, Set.of(), caller);
    checkRuntimePullSecret(request.runtime(), request.user(), caller);
    if (!caller.admin() && !Objects.equals(request.user(), caller.user())) {
      // Made for someone else (by a delegate): the owner, who can print what it reads, must be
      // granted it too, as for a cluster given to them later.
      requireOwnerMayRead(
          "the cluster",
          request,
          request.runtime(),
          users.configured(request.user(), caller.source()));
    }
    if (request.startCluster()) {
      checkCaps(request.user(), request, null);
    }
  }

  /**
   * An edit, and what it means: what runs in the pods is the owner's and admins' to choose (no
   * share gives a shell, as for remote commands): another's edit keeps the init script, the
   * environment, its Secrets and the Spark configuration ({@link OwnerOnlySetting}), and moves the
   * cluster only to runtimes of the platform or of the owner, not to an image of the editor's own.
   * Then the new spec's grants, and the caps if it runs or is started.
   *
   * @return the edit to apply: anyone but the owner reads credential-looking environment values
   *     masked, so those sent back masked are the stored ones (they were stored as masks)
   */
  @Transactional(readOnly = true)
  public ClusterRequest checkEdit(ClusterEntity cluster, ClusterRequest request, Caller caller) {
    ClusterRequest stored = cluster.getSpec();
    if (request.cloudEnv() == null || request.cloudEnv().isBlank()) {
      // The UI and the Python SDK send none: the cluster stays where it lives. Resolving it again
      // (from the tags, or the default at the time) refused every edit of a cluster moved since,
      // or created before the default changed, and checked the grants of the wrong target.
      request = request.withCloudEnv(stored.cloudEnv());
    }
    boolean owner = cluster.getOwner().equals(caller.user());
    AdvanceConfig sent = request.advanceConfig();
    AdvanceConfig before = stored.advanceConfig();
    AdvanceConfig kept = sent;
    if (!owner) {
      kept =
          kept.withEnvironmentVariables(
              EnvironmentVariables.restoreMasked(
                  sent.environmentVariables(), before.environmentVariables()));
    }
    // The read shows them outside advance_config: an edit built from it sends none, which keeps
    // them; [] clears them. A share's [] keeps them too: it may not change them.
    List<String> sources = sent.envFromSecrets();
    if (sources == null || (sources.isEmpty() && !owner && !caller.admin())) {
      kept = kept.withEnvFromSecrets(before.envFromSecrets());
    }
    ClusterRequest edit = kept == sent ? request : request.withAdvanceConfig(kept);
    if (!caller.admin() && !owner) {
      for (OwnerOnlySetting setting : OwnerOnlySetting.values()) {
        if (setting.changedBy(stored, edit)) {
          throw new AccessDeniedException(
              "cluster", setting.refusal(cluster.getClusterId(), cluster.getOwner()));
        }
      }
      if (!Objects.equals(stored.runtime(), edit.runtime())) {
        runtimes
            .find(edit.runtime())
            .filter(r -> RuntimeClass.CUSTOM.name().equals(r.getRuntimeClass()))
            .filter(r -> !cluster.getOwner().equals(r.getCreatedBy()))
            .ifPresent(
                r -> {
                  throw new AccessDeniedException(
                      "cluster",
                      "Runtime "
                          + r.getRuntime()
                          + " is a CUSTOM runtime of "
                          + r.getCreatedBy()
                          + ": only the owner of cluster "
                          + cluster.getClusterId()
                          + " ("
                          + cluster.getOwner()
                          + ") and admins may put it on an image that is not the platform's"
                          + " or the owner's");
                });
      }
    }
    checkGrants(edit, caller);
    if (!caller.admin() && !owner) {
      checkOwnerGranted(cluster, stored, edit, caller);
    }
    checkSecrets(edit, secretsRead(stored), caller);
    if (!Objects.equals(stored.runtime(), edit.runtime())) {
      checkRuntimePullSecret(edit.runtime(), cluster.getOwner(), caller);
    }
    if (cluster.getDesiredState() == DesiredState.RUNNING || edit.startCluster()) {
      checkCaps(cluster.getOwner(), edit, cluster.getClusterId());
    }
    return edit;
  }

  /**
   * A cluster given to another owner (by an admin or a delegate): the Secrets it reads, and the one
   * another user's CUSTOM runtime pulls its image with, must be the new owner's to read, or a
   * delegate could hand on what it could not name in a create. The new owner's grants count by
   * their name and their configured groups (no token of theirs is at hand); an admin may give any.
   * Called on the cluster as the handover's transaction holds it, so what is checked is what is
   * handed over. A running cluster must also fit under the new owner's caps.
   *
   * @param newOwner the new owner as configuration knows them
   */
  public void checkTransfer(ClusterEntity cluster, Caller newOwner, Caller caller) {
    if (!caller.admin()) {
      requireOwnerMayRead(
          "cluster " + cluster.getClusterId(), cluster.getSpec(), cluster.getRuntime(), newOwner);
    }
    // A running cluster given away runs for its new owner from then on: under the new owner's caps,
    // as a start by them would be, else any admin or delegate could hand a user past them. Checked
    // as withCapsHeld does (owner's row locked, running clusters counted as committed), since this
    // runs inside the transaction that writes the new owner.
    if (capped()
        && cluster.getDesiredState() == DesiredState.RUNNING
        && !cluster.getOwner().equals(newOwner.user())) {
      // Both owners' rows, in one order: two handovers the other way round (U to V, V to U)
      // each held one and counted the other's clusters, and deadlocked.
      Stream.of(cluster.getOwner(), newOwner.user()).sorted().forEach(clusters::lockOwner);
      checkCommittedCaps(newOwner.user(), cluster);
    }
  }

  /**
   * The Secrets {@code spec} reads, the one its runtime pulls with, and the reserved role and
   * project workspace it runs with, for its (new) owner.
   */
  private void requireOwnerMayRead(
      String which, ClusterRequest spec, String runtime, Caller owner) {
    for (ReservedUses.Use use : reservedUses.of(spec)) {
      if (!use.allows(owner)) {
        throw new AccessDeniedException(
            "grant",
            owner.user()
                + " was not granted "
                + use.what()
                + ", which "
                + which
                + " runs with: only an admin may give them a cluster that does"
                + " (compute.access.grants)");
      }
    }
    for (String secret : secretsRead(spec)) {
      if (!secrets.allows(secret, owner)) {
        throw ownerRefused(which, owner, secret, "reads");
      }
    }
    String pulledWith = pullSecretOfAnothersRuntime(runtime, owner.user(), owner.user());
    if (pulledWith != null && !secrets.allows(pulledWith, owner)) {
      throw ownerRefused(which, owner, pulledWith, "pulls its image with");
    }
  }

  private static AccessDeniedException ownerRefused(
      String which, Caller owner, String secret, String use) {
    return new AccessDeniedException(
        "grant",
        owner.user()
            + " was not granted Secret "
            + secret
            + ", which "
            + which
            + " "
            + use
            + ": only an admin may give them a cluster that does"
            + " (compute.access.grants.secrets)");
  }

  /** A start: the owner's caps with this cluster added. */
  @Transactional(readOnly = true)
  public void checkStart(ClusterEntity cluster) {
    if (cluster.getDesiredState() != DesiredState.RUNNING) {
      checkCaps(cluster.getOwner(), cluster.getSpec(), cluster.getClusterId());
    }
  }

  /**
   * Objects put on a Kubernetes target other than the cluster's own (a move, a Spark History
   * Server's Deployment), which may be reserved as a create's would be.
   */
  public void checkTarget(String cloudEnv, Caller caller) {
    if (!caller.admin()) {
      require(access.grants().cloudEnvs(), cloudEnv, caller, "cloud_env " + cloudEnv);
    }
  }

  /**
   * Moving a cluster to a target: the caller must be granted it and, when it is another's cluster
   * (a share's {@code can_manage}), so must its owner, whose cluster will run there.
   */
  public void checkTarget(ClusterEntity cluster, String cloudEnv, Caller caller) {
    checkTarget(cloudEnv, caller);
    if (!caller.admin()
        && !cluster.getOwner().equals(caller.user())
        && !cloudEnv.equals(cluster.getCloudEnv())) {
      ownerRequire(
          access.grants().cloudEnvs(),
          cloudEnv,
          users.configured(cluster.getOwner(), caller.source()),
          "cloud_env " + cloudEnv);
    }
  }

  /**
   * What another's edit adds that is reserved (a role, a target, a node type, a project's
   * workspace) must be granted to the cluster's owner too, not only to the editor: the cluster runs
   * as the owner's, and a share's {@code can_manage} put the owner's cluster (its jobs, its
   * Jupyter, its commands) on a role or a GPU pool only the editor had. What the cluster had before
   * stays (an admin may have given it).
   */
  private void checkOwnerGranted(
      ClusterEntity cluster, ClusterRequest stored, ClusterRequest edit, Caller caller) {
    AccessProperties.Grants grants = access.grants();
    Caller owner = users.configured(cluster.getOwner(), caller.source());
    String role = reservedUses.roleId(edit.advanceConfig().instanceRole());
    if (!Objects.equals(role, reservedUses.roleId(stored.advanceConfig().instanceRole()))) {
      ownerRequire(grants.instanceRoles(), role, owner, "instance role " + role);
    }
    if (!grants.cloudEnvs().isEmpty()) {
      placement
          .resolve(edit)
          .filter(env -> !env.equals(cluster.getCloudEnv()))
          .ifPresent(env -> ownerRequire(grants.cloudEnvs(), env, owner, "cloud_env " + env));
    }
    Set<String> typesBefore = nodeTypes(stored);
    for (String type : nodeTypes(edit)) {
      if (!typesBefore.contains(type)) {
        ownerRequire(grants.nodeTypes(), type, owner, "node type " + type);
      }
    }
    String project = reservedUses.project(edit);
    if (project != null && !project.equals(reservedUses.project(stored))) {
      ownerRequire(grants.projects(), project, owner, "the workspace of project " + project);
    }
  }

  private static void ownerRequire(
      Map<String, Principals> granted, String name, Caller owner, String what) {
    require(
        granted,
        name,
        owner,
        what,
        () ->
            "The cluster's owner ("
                + owner.user()
                + ") was not granted "
                + what
                + ": only they (if granted) or an admin may put their cluster on it");
  }

  /**
   * Reading a project's workspace claim by other means than a cluster (a Spark History Server of
   * the project's event logs): reserved to the users and groups its clusters are.
   */
  public void checkProjectWorkspace(String project, Caller caller) {
    if (!caller.admin()) {
      require(access.grants().projects(), project, caller, "the workspace of project " + project);
    }
  }

  /** Everything a request names that is reserved to some users or groups. */
  public void checkGrants(ClusterRequest request, Caller caller) {
    if (caller.admin()) {
      return;
    }
    AccessProperties.Grants grants = access.grants();
    String role = reservedUses.roleId(request.advanceConfig().instanceRole());
    require(grants.instanceRoles(), role, caller, "instance role " + role);
    // Placing the request may read /cluster-config (the default target) in a transaction of its
    // own: four round trips on every create (issue 21) for nothing when no target is reserved.
    if (!grants.cloudEnvs().isEmpty()) {
      placement
          .resolve(request)
          .ifPresent(env -> require(grants.cloudEnvs(), env, caller, "cloud_env " + env));
    }
    for (String type : nodeTypes(request)) {
      require(grants.nodeTypes(), type, caller, "node type " + type);
    }
    String project = reservedUses.project(request);
    if (project != null) {
      require(grants.projects(), project, caller, "the workspace of project " + project);
    }
  }

  /**
   * The Secrets the request's pods would read, beyond those the cluster already reads: an edit
   * keeps what it was given (a share may not change them, and a revoked grant is the admins' to
   * clean up), and adds only what the editor was granted.
   */
  private void checkSecrets(ClusterRequest request, Set<String> alreadyRead, Caller caller) {
    for (String secret : secretsRead(request)) {
      if (!alreadyRead.contains(secret) && !secrets.allows(secret, caller)) {
        throw secrets.refusal(secret, caller, "a cluster reads");
      }
    }
  }

  /**
   * Another user's CUSTOM runtime brings the Secret its image is pulled with, and every pod of the
   * cluster pulls with it: the caller must be granted that Secret as its creator was when
   * registering it. The platform's runtimes (CPU and GPU, registered by admins) are for everyone.
   * The lookup is {@link RuntimeLookups}' cache, which the create reads next anyway.
   */
  private void checkRuntimePullSecret(String runtimeName, String owner, Caller caller) {
    String secret = pullSecretOfAnothersRuntime(runtimeName, owner, caller.user());
    if (secret != null && !secrets.allows(secret, caller)) {
      throw secrets.refusal(
          secret,
          caller,
          "runtime " + runtimeName + " is another user's, and its image is pulled with");
    }
  }

  /**
   * The Secret a CUSTOM runtime pulls its image with, unless the cluster's owner or the caller
   * registered it (and were checked then); null for none.
   */
  private String pullSecretOfAnothersRuntime(String runtimeName, String owner, String caller) {
    RuntimeEntity runtime = runtimes.find(runtimeName).orElse(null);
    if (runtime == null
        || !RuntimeClass.CUSTOM.name().equals(runtime.getRuntimeClass())
        || owner.equals(runtime.getCreatedBy())
        || caller.equals(runtime.getCreatedBy())) {
      return null;
    }
    return runtime.getImagePullSecret();
  }

  /** What {@code after} reads that {@code before} did not. */
  public static Set<String> secretsAdded(ClusterRequest before, ClusterRequest after) {
    Set<String> added = new LinkedHashSet<>(secretsRead(after));
    added.removeAll(secretsRead(before));
    return added;
  }

  static Set<String> secretsRead(ClusterRequest request) {
    AdvanceConfig advance = request.advanceConfig();
    return advance == null
        ? Set.of()
        : EnvironmentVariables.secretsRead(advance.environmentVariables(), advance.secretSources());
  }

  private static void require(
      Map<String, Principals> granted, String name, Caller caller, String what) {
    require(
        granted, name, caller, what, () -> "You (" + caller.user() + ") were not granted " + what);
  }

  /** Refuses, with {@code refusal}, a reserved {@code name} not granted to {@code who}. */
  private static void require(
      Map<String, Principals> granted,
      String name,
      Caller who,
      String what,
      Supplier<String> refusal) {
    Principals principals = granted.get(name);
    if (principals == null || new ReservedUses.Use(what, principals).allows(who)) {
      return;
    }
    throw new AccessDeniedException("grant", refusal.get());
  }

  private Set<String> nodeTypes(ClusterRequest request) {
    Set<String> types = new LinkedHashSet<>();
    HeadNodeConfig head = request.headNodeConfig();
    if (head != null) {
      types.add(head.isGpu() ? "gpu" : orDefault(head.nodeType()));
    }
    if (request.workerNodeConfigs() != null) {
      for (WorkerNodeConfig worker : request.workerNodeConfigs()) {
        types.add(worker.isGpu() ? "gpu" : orDefault(worker.nodeType()));
      }
    }
    return types;
  }

  private String orDefault(String nodeType) {
    return nodeType == null || nodeType.isBlank() ? nodePools.defaultType() : nodeType;
  }

  private boolean capped() {
    AccessProperties.Limits limits = access.limits();
    return limits.maxRunningClusters() > 0 || limits.maxRunningCores() > 0;
  }

  private void checkCaps(String owner, ClusterRequest request, String excludedClusterId) {
    if (capped()) {
      checkCaps(
          owner,
          request,
          excludedClusterId,
          clusters.findByOwnerAndDesiredState(owner, DesiredState.RUNNING));
    }
  }

  /**
   * {@code then}, with the caps checked once more inside the transaction that makes the cluster run
   * (a create or start, an edit of a running cluster or one that starts it, a job's start): the
   * checks before it read the owner's clusters outside that transaction, so several creates sent at
   * once all passed a cap only one fitted under. The owner's row of {@code owner_locks} is locked
   * first, before the cluster's row is written, so these transactions of one owner run one after
   * another without waiting on each other's rows; once the cluster is written, its owner's running
   * clusters are counted as committed. Nothing more without caps.
   */
  public WrittenAlong withCapsHeld(WrittenAlong then) {
    return new WrittenAlong() {
      @Override
      public void before(String owner) {
        if (capped()) {
          clusters.lockOwner(owner);
        }
        then.before(owner);
      }

      @Override
      public void write(ClusterEntity cluster) {
        if (capped() && cluster.getDesiredState() == DesiredState.RUNNING) {
          checkCommittedCaps(cluster.getOwner(), cluster);
        }
        then.write(cluster);
      }
    };
  }

  /**
   * The caps of {@code owner} with {@code cluster} running for them, counted as committed (under
   * the owner's {@code owner_locks} row, which the caller holds).
   */
  private void checkCommittedCaps(String owner, ClusterEntity cluster) {
    checkCaps(
        owner,
        cluster.getSpec(),
        cluster.getClusterId(),
        clusters.findCommittedByOwnerAndDesiredState(owner, DesiredState.RUNNING));
  }

  private void checkCaps(
      String owner,
      ClusterRequest request,
      String excludedClusterId,
      List<ClusterEntity> runningNow) {
    AccessProperties.Limits limits = access.limits();
    var running =
        runningNow.stream().filter(c -> !c.getClusterId().equals(excludedClusterId)).toList();
    if (limits.maxRunningClusters() > 0 && running.size() + 1 > limits.maxRunningClusters()) {
      throw new UsageLimitException(
          owner
              + " already runs "
              + running.size()
              + " clusters; the limit is "
              + limits.maxRunningClusters()
              + " running clusters per user. Stop one first");
    }
    if (limits.maxRunningCores() > 0) {
      int inUse = running.stream().mapToInt(c -> c.getSpec().totalCores()).sum();
      int wanted = request.totalCores();
      if (inUse + wanted > limits.maxRunningCores()) {
        throw new UsageLimitException(
            owner
                + " runs clusters of "
                + inUse
                + " cores and this one needs up to "
                + wanted
                + "; the limit is "
                + limits.maxRunningCores()
                + " cores per user");
      }
    }
  }
}
