package com.darwin.compute.core.cluster;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.limits.RequestLimits;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.WorkspaceClaims;
import com.darwin.compute.core.render.WorkspaceSettings;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.common.FieldError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The single-field edits of the UI and of operators: rename, new owner, new tags, another
 * Kubernetes target, and a forced re-render. Each changes the stored spec and its column together,
 * writes an "Updating" entry on the timeline and re-indexes the cluster through the outbox; none
 * restarts a running cluster (the new values reach the pods made from then on, all of them at its
 * next start) but a new owner whose workspace is another claim (pods of two owners' workspaces side
 * by side).
 */
@Service
public class ClusterEdits {

  private final ClusterRepository clusters;
  private final ClusterTimeline timeline;
  private final KubernetesTargets targets;
  private final ClusterLimitsProperties limits;
  private final RequestLimits requestLimits;
  private final ApplicationEventPublisher events;
  private final RenderSettings render;
  private final Clock clock;

  public ClusterEdits(
      ClusterRepository clusters,
      ClusterTimeline timeline,
      KubernetesTargets targets,
      ClusterLimitsProperties limits,
      RequestLimits requestLimits,
      ApplicationEventPublisher events,
      RenderSettings render,
      Clock clock) {
    this.clusters = clusters;
    this.timeline = timeline;
    this.targets = targets;
    this.limits = limits;
    this.requestLimits = requestLimits;
    this.events = events;
    this.render = render;
    this.clock = clock;
  }

  /** Renames a cluster; another cluster's name is a 409, as on create. */
  @RetriedOnConcurrentChange
  @Transactional
  public ClusterEntity rename(String clusterId, String newName, Actor actor) {
    ClusterEntity cluster = load(clusterId);
    String oldName = cluster.getName();
    if (oldName.equals(newName)) {
      return cluster;
    }
    if (clusters.existsByNameAndClusterIdNot(newName, clusterId)) {
      throw duplicateName(newName);
    }
    ClusterRequest spec = cluster.getSpec().withClusterName(newName);
    replace(cluster, spec);
    record(
        cluster,
        "Cluster renamed from '" + oldName + "' to '" + newName + "' by " + actor.name(),
        actor);
    try {
      clusters.saveAndFlush(cluster);
    } catch (DataIntegrityViolationException e) {
      // Another rename or create took the name between the check and the write.
      throw duplicateName(newName);
    }
    return cluster;
  }

  /**
   * Gives a cluster to another owner.
   *
   * @param check what the new owner must be allowed (the Secrets the cluster reads), run on the
   *     cluster as this transaction reads it: an edit committed meanwhile fails the write on the
   *     row's version, and the retry checks the edited cluster
   */
  @RetriedOnConcurrentChange
  @Transactional
  public ClusterEntity changeOwner(
      String clusterId, String newOwner, Actor actor, Consumer<ClusterEntity> check) {
    ClusterEntity cluster = load(clusterId);
    check.accept(cluster);
    String oldOwner = cluster.getOwner();
    if (oldOwner.equals(newOwner)) {
      return cluster;
    }
    ClusterRequest spec = cluster.getSpec().withUser(newOwner);
    boolean anotherWorkspace = mountsAnotherWorkspace(cluster.getSpec(), oldOwner, newOwner);
    cluster.changeOwner(newOwner, spec, clock.instant());
    record(
        cluster,
        "Owner changed from " + oldOwner + " to " + newOwner + " by " + actor.name(),
        actor);
    if (cluster.getDesiredState() == DesiredState.RUNNING && anotherWorkspace) {
      // Its pods mount the previous owner's workspace, and every pod KubeRay makes from the
      // re-rendered template (an autoscaled worker, a replaced head) would mount the new owner's
      // beside them: the new owner reading the previous one's files, the previous owner's jobs
      // writing into the new one's. Restarted, every pod mounts the new owner's.
      cluster.markRestarting(clock.instant());
      timeline.record(
          clusterId,
          cluster.getActiveRunId(),
          TimelineAction.RESTARTING,
          "Cluster restarted as it was given to "
              + newOwner
              + ", so that every pod mounts the new owner's workspace",
          actor);
    }
    events.publishEvent(
        new ClusterHandedOver(clusterId, cluster.getActiveRunId(), oldOwner, newOwner, actor));
    return cluster;
  }

  /** Replaces a cluster's tags (duplicates dropped, order kept). */
  @RetriedOnConcurrentChange
  @Transactional
  public List<String> replaceTags(String clusterId, List<String> tags, Actor actor) {
    List<String> distinct = tags.stream().distinct().toList();
    if (distinct.size() > limits.maxTags()) {
      throw new InvalidRequestException("tags", "at most " + limits.maxTags() + " tags");
    }
    // The rules a create holds tags to: tags are shown, searched and sent on in events.
    List<FieldError> problems = requestLimits.checkTags(tags);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    ClusterEntity cluster = load(clusterId);
    ClusterRequest previous = cluster.getSpec();
    if (previous.tags().equals(distinct)) {
      return distinct;
    }
    replace(cluster, previous.withTags(distinct));
    record(cluster, "Tags changed to " + distinct + " by " + actor.name(), actor);
    return distinct;
  }

  /**
   * Moves a stopped cluster to another Kubernetes target ({@code cloud_env}); it starts there next
   * time. A tag naming the old target is replaced by the new one, as the Python service did.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public ClusterEntity moveTo(String clusterId, String cloudEnv, Actor actor) {
    return moveTo(clusterId, cloudEnv, actor, cluster -> {});
  }

  /**
   * {@link #moveTo(String, String, Actor)}, once {@code allowed} accepts the cluster as read in the
   * move's transaction (it throws to refuse: who may put this cluster on that target).
   */
  @RetriedOnConcurrentChange
  @Transactional
  public ClusterEntity moveTo(
      String clusterId, String cloudEnv, Actor actor, Consumer<ClusterEntity> allowed) {
    if (targets.find(cloudEnv).isEmpty()) {
      throw new InvalidRequestException(
          "cloud_env", "'" + cloudEnv + "' is not a Kubernetes target; known: " + targetNames());
    }
    ClusterEntity cluster = load(clusterId);
    allowed.accept(cluster);
    if (cluster.getDesiredState() != DesiredState.STOPPED
        || cluster.getStatus() != ClusterStatus.INACTIVE) {
      throw new ClusterConflictException(
          "Cluster " + clusterId + " must be stopped before it is moved to another cloud_env");
    }
    String oldEnv = cluster.getCloudEnv();
    if (oldEnv.equals(cloudEnv)) {
      return cluster;
    }
    ClusterRequest spec = cluster.getSpec();
    List<String> tags = new ArrayList<>(spec.tags());
    if (tags.remove(oldEnv) && !tags.contains(cloudEnv)) {
      tags.add(cloudEnv);
    }
    spec = spec.withTags(tags).withCloudEnv(cloudEnv);
    cluster.moveTo(cloudEnv, targets.get(cloudEnv).namespace(), spec, clock.instant());
    record(
        cluster,
        "Cluster moved from cloud_env " + oldEnv + " to " + cloudEnv + " by " + actor.name(),
        actor);
    return cluster;
  }

  /**
   * Renders the cluster again from its stored spec and the current configuration, without a
   * restart: for a platform rollout (new defaults, node pools, images of a runtime).
   */
  @RetriedOnConcurrentChange
  @Transactional
  public ClusterEntity forceUpdate(String clusterId, Actor actor) {
    ClusterEntity cluster = load(clusterId);
    cluster.bumpSpecVersion(clock.instant());
    record(
        cluster,
        "Cluster forcefully re-rendered by "
            + actor.name()
            + " (v"
            + cluster.getSpecVersion()
            + ")",
        actor);
    return cluster;
  }

  private void replace(ClusterEntity cluster, ClusterRequest spec) {
    cluster.replaceSpec(
        spec.clusterName(),
        spec.runtime(),
        spec,
        spec.isJobCluster(),
        spec.inactiveTime(),
        clock.instant());
  }

  /** Whether the cluster would mount another workspace claim under the new owner. */
  private boolean mountsAnotherWorkspace(ClusterRequest spec, String oldOwner, String newOwner) {
    WorkspaceSettings workspace = render.workspace();
    if (workspace == null || !workspace.enabled()) {
      return false;
    }
    return !WorkspaceClaims.ofCluster(
            workspace.claimPrefix(),
            workspace.scope(),
            workspace.projectLabel(),
            spec.labels(),
            oldOwner)
        .equals(
            WorkspaceClaims.ofCluster(
                workspace.claimPrefix(),
                workspace.scope(),
                workspace.projectLabel(),
                spec.labels(),
                newOwner));
  }

  private void record(ClusterEntity cluster, String message, Actor actor) {
    timeline.record(
        cluster.getClusterId(), cluster.getActiveRunId(), TimelineAction.UPDATING, message, actor);
  }

  private ClusterEntity load(String clusterId) {
    return clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  private TreeSet<String> targetNames() {
    TreeSet<String> names = new TreeSet<>();
    targets.all().forEach(t -> names.add(t.name()));
    return names;
  }

  private static ClusterConflictException duplicateName(String name) {
    return new ClusterConflictException("A cluster named '" + name + "' already exists");
  }
}
