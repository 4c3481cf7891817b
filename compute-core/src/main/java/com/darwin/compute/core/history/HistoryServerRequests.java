package com.darwin.compute.core.history;

import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.WorkspaceClaims;
import com.darwin.compute.core.render.WorkspaceSettings.ClaimScope;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.history.HistoryFilesystem;
import com.darwin.compute.model.history.HistoryServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns a request into a {@link HistoryServerPlan}, or refuses it before anything is stored: an
 * unknown resource, target or filesystem, an events path outside its place, a time to live out of
 * range (400, field by field); a user other than the caller, a cluster the caller may not attach
 * to, or a folder of another's workspace beyond the cluster's event logs (403).
 */
@Component
public class HistoryServerRequests {

  private final HistoryProperties properties;
  private final WorkspaceProperties workspace;
  private final ClusterRepository clusters;
  private final KubernetesTargets targets;
  private final ClusterAccessService access;
  private final ClusterRequestPolicy policy;

  public HistoryServerRequests(
      HistoryProperties properties,
      WorkspaceProperties workspace,
      ClusterRepository clusters,
      KubernetesTargets targets,
      ClusterAccessService access,
      ClusterRequestPolicy policy) {
    this.properties = properties;
    this.workspace = workspace;
    this.clusters = clusters;
    this.targets = targets;
    this.access = access;
    this.policy = policy;
  }

  /**
   * The server a request asks for, checked. Not one transaction: a refusal is written on the
   * cluster's timeline once the check's reads are done, on the one connection it then takes (from
   * inside a transaction it took a second while holding the first, and as many refusals at once as
   * the pool's connections held them all).
   */
  public HistoryServerPlan plan(HistoryServerRequest request, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    TextRules.check("resource", request.resource(), false, errors);
    TextRules.check("user", request.user(), false, errors);
    TextRules.check("events_path", request.eventsPath(), false, errors);
    TextRules.check("cloud_env", request.cloudEnv(), false, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    String resource = request.resource();
    if (!resource.equals(resource.strip())) {
      // The id columns' collation ignores trailing spaces: such a resource would find the
      // cluster, and collide with its server, under a name that is not its id.
      throw new InvalidRequestException(
          "resource", "must not start or end with spaces: resources are exact ids");
    }
    Optional<ClusterEntity> cluster = clusters.findById(resource);
    boolean project = cluster.isEmpty() && properties.projects().contains(resource);
    if (cluster.isEmpty() && !project) {
      errors.add(
          new FieldError(
              "resource",
              "'"
                  + resource
                  + "' is neither a cluster id nor a project of compute.history.projects"));
    }
    String user =
        request.user() == null || request.user().isBlank() ? caller.user() : request.user();
    int ttl = request.ttl() == null ? properties.defaultTtl() : request.ttl();
    checkTtl(errors, "ttl", ttl);
    String cloudEnv =
        request.cloudEnv() != null
            ? request.cloudEnv()
            : cluster.map(ClusterEntity::getCloudEnv).orElse(defaultTarget());
    Optional<KubernetesTarget> target = targets.find(cloudEnv);
    if (target.isEmpty()) {
      errors.add(
          new FieldError(
              "cloud_env",
              "'" + cloudEnv + "' is not a Kubernetes target of compute.kubernetes.targets"));
    }
    HistoryFilesystem filesystem = request.filesystemOrDefault();
    String eventsPath = null;
    String claim = null;
    boolean projectClaim = false;
    String clusterProject = null;
    try {
      if (filesystem == HistoryFilesystem.S3) {
        eventsPath =
            EventsPaths.s3(
                request.eventsPath() != null
                    ? request.eventsPath()
                    : properties.s3EventsPath() + "/" + resource);
      } else if (!workspace.enabled()) {
        errors.add(
            new FieldError(
                "filesystem",
                "efs reads the workspace volume, and workspaces are turned off here"
                    + " (compute.workspace.enabled); use s3"));
      } else {
        eventsPath =
            EventsPaths.workspace(
                request.eventsPath() != null
                    ? request.eventsPath()
                    : properties.efsEventsPath() + "/" + resource,
                workspace.mountPath());
        if (cluster.isPresent()) {
          // Where the cluster writes its event logs: its own workspace (its project's or its
          // owner's), whoever asks to read them.
          Map<String, String> labels = cluster.get().getSpec().labels();
          clusterProject =
              WorkspaceClaims.projectOf(workspace.scope(), workspace.projectLabel(), labels);
          claim =
              WorkspaceClaims.ofCluster(
                  workspace.claimPrefix(),
                  workspace.scope(),
                  workspace.projectLabel(),
                  labels,
                  cluster.get().getOwner());
        } else {
          projectClaim = project && workspace.scope() == ClaimScope.PROJECT;
          claim =
              projectClaim
                  ? ResourceNames.workspaceClaim(workspace.claimPrefix(), "project", resource)
                  : ResourceNames.workspaceClaim(workspace.claimPrefix(), "user", user);
        }
      }
    } catch (EventsPaths.InvalidPath e) {
      errors.add(
          new FieldError(
              request.eventsPath() != null ? "events_path" : "resource", e.getMessage()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    if (!caller.trusted() && !Objects.equals(user, caller.user())) {
      throw new AccessDeniedException(
          "owner",
          "You ("
              + caller.user()
              + ") may not start a Spark History Server for "
              + user
              + ": user must be yourself unless you are an admin or a configured delegate");
    }
    cluster.ifPresent(
        c -> access.require(c.getClusterId(), caller, ClusterOperation.READ_SPARK_HISTORY));
    if (cluster.isEmpty() || !cloudEnv.equals(cluster.get().getCloudEnv())) {
      // Its Deployment goes into that target's namespace, which grants may reserve.
      policy.checkTarget(cloudEnv, caller);
    }
    if (projectClaim) {
      // The project's workspace, which its clusters may mount only for those granted it.
      policy.checkProjectWorkspace(resource, caller);
    }
    if (filesystem == HistoryFilesystem.S3 && request.eventsPath() != null) {
      requireMayReadEvents(eventsPath, resource, caller);
    }
    if (filesystem == HistoryFilesystem.EFS
        && cluster.isPresent()
        && request.eventsPath() != null
        && !claim.equals(ResourceNames.workspaceClaim(workspace.claimPrefix(), "user", user))) {
      requireMayReadWorkspace(eventsPath, cluster.get(), clusterProject, caller);
    }
    return new HistoryServerPlan(
        resource,
        user,
        ttl,
        filesystem,
        eventsPath,
        cloudEnv,
        target.get().namespace(),
        claim,
        cluster.map(ClusterEntity::getClusterId).orElse(null));
  }

  /**
   * The S3 area of {@code compute.history.s3-events-path} holds every resource's event logs, a
   * folder each: a path inside another cluster's folder needs the right to read that cluster's
   * history, as naming it as the resource would; the area itself, or a path above it, would read
   * them all and is for admins. (Locations outside the area are for the bucket's own permissions to
   * guard: the server reads them with the service's S3 identity.)
   */
  private void requireMayReadEvents(String eventsPath, String resource, Caller caller) {
    if (caller.admin()) {
      return;
    }
    String area = EventsPaths.s3(properties.s3EventsPath());
    if (area.equals(eventsPath) || area.startsWith(eventsPath + "/")) {
      throw new AccessDeniedException(
          "events",
          "events_path "
              + eventsPath
              + " holds the event logs of every cluster ("
              + area
              + "/<cluster id>): name the folder of one you may read");
    }
    if (eventsPath.startsWith(area + "/")) {
      String folder = eventsPath.substring(area.length() + 1).split("/", 2)[0];
      if (!folder.equals(resource)) {
        Optional<ClusterEntity> owner = clusters.findById(folder);
        if (owner.isPresent()) {
          access.require(owner.get().getClusterId(), caller, ClusterOperation.READ_SPARK_HISTORY);
        } else if (!properties.projects().contains(folder)) {
          // A deleted cluster's folder (or one of no resource at all): nobody left to ask whether
          // the caller may read it, as naming it as the resource is refused.
          throw new AccessDeniedException(
              "events",
              "events_path "
                  + eventsPath
                  + " is in the folder of no cluster or project here (a deleted cluster's event"
                  + " logs are for admins): name the folder of one you may read");
        }
      }
    }
  }

  /**
   * A cluster's server mounts the cluster's workspace, which may be someone else's (its owner's) or
   * a project's: reading the cluster's history (checked already) gives its event log folder, not
   * the rest of that workspace. A folder elsewhere in it needs the right to mount the project's
   * workspace, or an admin (another user's workspace).
   */
  private void requireMayReadWorkspace(
      String eventsPath, ClusterEntity cluster, String project, Caller caller) {
    String folder =
        EventsPaths.workspace(
            properties.efsEventsPath() + "/" + cluster.getClusterId(), workspace.mountPath());
    if (eventsPath.equals(folder) || eventsPath.startsWith(folder + "/") || caller.admin()) {
      return;
    }
    if (project != null) {
      policy.checkProjectWorkspace(project, caller);
      return;
    }
    throw new AccessDeniedException(
        "events",
        "events_path "
            + eventsPath
            + " is in the workspace of "
            + cluster.getOwner()
            + ", who owns cluster "
            + cluster.getClusterId()
            + ": you may read its event logs ("
            + folder
            + "), not the rest of that workspace");
  }

  /** A time to live in minutes: at least 1, at most {@code compute.history.max-ttl}. */
  public void checkTtl(int ttl) {
    List<FieldError> errors = new ArrayList<>();
    checkTtl(errors, "ttl", ttl);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  private void checkTtl(List<FieldError> errors, String field, int ttl) {
    if (ttl < 1 || ttl > properties.maxTtl()) {
      errors.add(
          new FieldError(
              field,
              "must be between 1 and "
                  + properties.maxTtl()
                  + " minutes (compute.history.max-ttl), was "
                  + ttl));
    }
  }

  private String defaultTarget() {
    return properties.defaultTarget() == null || properties.defaultTarget().isBlank()
        ? targets.defaultTargetName()
        : properties.defaultTarget();
  }
}
