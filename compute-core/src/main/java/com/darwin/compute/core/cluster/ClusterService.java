package com.darwin.compute.core.cluster;

import com.darwin.compute.core.cost.CostEstimator;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.manifest.RenderHandOver;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterPermissionRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ClusterTombstone;
import com.darwin.compute.core.store.ClusterTombstoneRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.StoppedClusterRows;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.core.validation.ClusterRequestValidator;
import com.darwin.compute.core.validation.ValidatedRequest;
import com.darwin.compute.model.cluster.ClusterCreated;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cost.CostEstimate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A cluster's lifecycle as users drive it: create, start, stop, restart, edit, delete. Every change
 * is one MySQL transaction that also writes the actions timeline and the search outbox; Kubernetes
 * is converged afterwards by the reconciler.
 */
@Service
public class ClusterService {

  /** The timeline action of a start on a runtime deleted from the catalogue. */
  private final ClusterRepository clusters;

  private final ClusterTombstoneRepository tombstones;
  private final ClusterRequestValidator validator;
  private final ClusterIds ids;
  private final ClusterTimeline timeline;
  private final CostEstimator costs;
  private final RuntimeLookups runtimes;
  private final LifecycleFailures failures;
  private final RenderHandOver renders;
  private final StoppedClusterRows stoppedRows;
  private final ClusterPermissionRepository permissions;
  private final LastUseWriter lastUse;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ClusterService(
      ClusterRepository clusters,
      ClusterTombstoneRepository tombstones,
      ClusterRequestValidator validator,
      ClusterIds ids,
      ClusterTimeline timeline,
      CostEstimator costs,
      RuntimeLookups runtimes,
      LifecycleFailures failures,
      RenderHandOver renders,
      StoppedClusterRows stoppedRows,
      ClusterPermissionRepository permissions,
      LastUseWriter lastUse,
      ApplicationEventPublisher events,
      Clock clock) {
    this.clusters = clusters;
    this.tombstones = tombstones;
    this.validator = validator;
    this.ids = ids;
    this.timeline = timeline;
    this.costs = costs;
    this.runtimes = runtimes;
    this.failures = failures;
    this.renders = renders;
    this.stoppedRows = stoppedRows;
    this.permissions = permissions;
    this.lastUse = lastUse;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Creates a cluster. A name that is taken does not fail the request (Darwin Workflow creates a
   * job cluster from the same definition on every run): the cluster gets a unique name derived from
   * the requested one, as the Python service did, and the answer says which.
   *
   * @param along what the request asks for besides the cluster, written in its transaction (the
   *     whole create runs again when that write met a concurrent writer)
   */
  @Retryable(
      includes = {NameTakenMeanwhile.class, OptimisticLockingFailureException.class},
      maxRetries = 2,
      delay = 10)
  @Transactional
  public ClusterCreated create(ClusterRequest request, Actor actor, WrittenAlong along) {
    String clusterId = ids.newClusterId();
    // The name is settled before validation renders: the render (which carries the name) is then
    // the one the reconciler applies.
    if (request.clusterName() != null && clusters.existsByName(request.clusterName())) {
      request = request.withClusterName(ClusterNames.derived(request.clusterName(), clusterId));
    }
    Normalised normalised = normalise(request, clusterId);
    ClusterRequest spec = normalised.spec();
    along.before(spec.user());
    Instant now = clock.instant();
    ClusterEntity cluster =
        new ClusterEntity(
            clusterId,
            spec.clusterName(),
            spec.user(),
            spec.runtime(),
            spec.cloudEnv(),
            normalised.namespace(),
            spec,
            spec.isJobCluster(),
            spec.inactiveTime(),
            now);
    cluster.setEstimatedCost(estimate(spec));
    // Started before the insert: the row is written once, in its starting state (issue 21).
    String runId = spec.startCluster() ? ids.newRunId() : null;
    if (runId != null) {
      cluster.markStarting(runId, now);
    }
    saveChecked(cluster);
    List<ClusterTimeline.Entry> entries = new ArrayList<>();
    entries.add(
        new ClusterTimeline.Entry(
            null, TimelineAction.CREATED, "Cluster created by " + actor.name()));
    if (runId != null) {
      entries.addAll(startEntries(cluster, runId, actor));
    }
    // One insert per timeline table for the whole create.
    timeline.recordAll(cluster, entries, actor);
    along.write(cluster);
    if (runId != null) {
      handOver(cluster, normalised.rendered());
    }
    return new ClusterCreated(clusterId, List.of(), spec.clusterName());
  }

  /**
   * Starts a stopped cluster; {@code along} runs in its transaction (the caps: before the row is
   * written, and once the cluster is marked starting). One already wanted running is left as it is,
   * nothing recorded ({@link StateChange}).
   */
  @RetriedOnConcurrentChange
  @Transactional
  public StateChange start(String clusterId, Actor actor, WrittenAlong along) {
    ClusterEntity cluster = load(clusterId);
    if (cluster.getDesiredState() == DesiredState.RUNNING) {
      return new StateChange(cluster, false);
    }
    along.before(cluster.getOwner());
    start(cluster, actor, clock.instant());
    along.write(cluster);
    return new StateChange(cluster, true);
  }

  private void start(ClusterEntity cluster, Actor actor, Instant now) {
    String runId = ids.newRunId();
    cluster.markStarting(runId, now);
    recordStart(cluster, runId, actor);
  }

  /** The timeline of a start already marked on the cluster. */
  private void recordStart(ClusterEntity cluster, String runId, Actor actor) {
    timeline.recordAll(cluster, startEntries(cluster, runId, actor), actor);
  }

  private List<ClusterTimeline.Entry> startEntries(
      ClusterEntity cluster, String runId, Actor actor) {
    List<ClusterTimeline.Entry> entries = new ArrayList<>();
    entries.add(
        new ClusterTimeline.Entry(
            runId, TimelineAction.STARTED, "Cluster started by " + actor.name()));
    // Soft-deleting a runtime is refused while a running cluster uses it, not while a stopped one
    // does: that cluster still starts on the image it had, and its history says so.
    runtimes
        .find(cluster.getRuntime())
        .filter(RuntimeEntity::isDeleted)
        .ifPresent(
            r ->
                entries.add(
                    new ClusterTimeline.Entry(
                        runId,
                        TimelineAction.RUNTIME_DELETED,
                        "Runtime '"
                            + r.getRuntime()
                            + "' was deleted from the catalogue; the cluster starts on its image "
                            + r.getImage()
                            + " as before. Edit the cluster to move it to another runtime")));
    return entries;
  }

  /**
   * Stops a cluster; one already stopped is left as it is, nothing recorded ({@link StateChange}).
   */
  @RetriedOnConcurrentChange
  @Transactional
  public StateChange stop(String clusterId, Actor actor) {
    ClusterEntity cluster = load(clusterId);
    if (cluster.getDesiredState() == DesiredState.STOPPED) {
      return new StateChange(cluster, false);
    }
    cluster.markStopped(clock.instant());
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.STOPPED,
        "Cluster is stopped by " + actor.name(),
        actor);
    return new StateChange(cluster, true);
  }

  /**
   * Stops several clusters in one transaction, as {@link #stop(String, Actor)} stops one (the
   * automatic stoppers, which stop a single cluster through here too: a lone one, or each of
   * several when stopping them at once failed): one read of them all, their updates in one JDBC
   * batch ({@link StoppedClusterRows}), one insert per timeline table. Those already stopped or
   * gone, and those the current row shows no longer {@code stillDue} (used, kept alive or started
   * again since the caller judged them), are left out of the answer (the sweep that asks moves on).
   * A concurrent change to any of them between this read and its write fails the whole call
   * (nothing is written); the caller may then stop them one by one.
   */
  @Transactional
  public List<ClusterEntity> stopAll(
      Collection<String> clusterIds,
      Actor actor,
      TimelineAction action,
      Function<ClusterEntity, String> message,
      Predicate<ClusterEntity> stillDue) {
    Instant now = clock.instant();
    List<ClusterEntity> stopped = new ArrayList<>();
    for (ClusterEntity cluster : stoppedRows.read(clusterIds)) {
      if (cluster.getDesiredState() != DesiredState.STOPPED && stillDue.test(cluster)) {
        cluster.markStopped(now);
        stopped.add(cluster);
      }
    }
    stoppedRows.writeStopped(stopped);
    timeline.recordStops(
        stopped,
        cluster ->
            new ClusterTimeline.Entry(cluster.getActiveRunId(), action, message.apply(cluster)),
        actor);
    return stopped;
  }

  @RetriedOnConcurrentChange
  @Transactional
  public ClusterEntity restart(String clusterId, Actor actor) {
    ClusterEntity cluster = load(clusterId);
    if (cluster.getDesiredState() != DesiredState.RUNNING) {
      throw refused(
          clusterId,
          LifecycleRequest.RESTART,
          "Cluster " + clusterId + " is stopped; start it instead of restarting it",
          actor);
    }
    cluster.markRestarting(clock.instant());
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.RESTARTING,
        "Cluster restarted by " + actor.name(),
        actor);
    return cluster;
  }

  /**
   * Replaces the spec. A running cluster whose pod templates changed is restarted (KubeRay does not
   * roll pods on template edits); a change of worker counts only is applied in place. A stopped
   * cluster is started when {@code start_cluster} is true, as the Python service did.
   *
   * @param checkedVersion the spec version the edit was checked and completed against ({@code
   *     ClusterRequestPolicy.checkEdit}); if another change has replaced it since, nothing is
   *     written and {@link ChangedSinceCheckedException} is thrown
   * @param along what the request asks for besides the cluster, written in its transaction
   */
  @RetriedOnConcurrentChange
  @Transactional
  public UpdateOutcome update(
      String clusterId,
      int checkedVersion,
      ClusterRequest request,
      Actor actor,
      WrittenAlong along) {
    ClusterEntity cluster = load(clusterId);
    along.before(cluster.getOwner());
    if (cluster.getSpecVersion() != checkedVersion) {
      throw new ChangedSinceCheckedException(clusterId, checkedVersion, cluster.getSpecVersion());
    }
    UpdateOutcome outcome;
    try {
      outcome = update(cluster, request, actor);
    } catch (ClusterConflictException | InvalidRequestException e) {
      // Received for an existing cluster, then refused (a taken name, an invalid body).
      failures.failed(clusterId, LifecycleRequest.UPDATE, e.getMessage(), actor);
      throw e;
    }
    along.write(cluster);
    return outcome;
  }

  private UpdateOutcome update(ClusterEntity cluster, ClusterRequest request, Actor actor) {
    String clusterId = cluster.getClusterId();
    // An edit keeps the owner, and the spec's user is the owner's: an admin's or a delegate's edit
    // names whoever sent it (the UI's request names the signed-in user), which gives nothing away.
    // A new owner comes only from PUT /cluster/user/{id}, with its checks.
    ClusterRequest spec = normalise(request.withUser(cluster.getOwner())).spec();
    if (clusters.existsByNameAndClusterIdNot(spec.clusterName(), clusterId)) {
      throw duplicateName(spec.clusterName());
    }
    ClusterRequest previous = cluster.getSpec();
    if (!Objects.equals(previous.cloudEnv(), spec.cloudEnv())) {
      throw new InvalidRequestException(
          "cloud_env",
          "cannot be changed by an edit (the cluster lives on " + previous.cloudEnv() + ")");
    }
    Instant now = clock.instant();
    cluster.replaceSpec(
        spec.clusterName(), spec.runtime(), spec, spec.isJobCluster(), spec.inactiveTime(), now);
    cluster.setEstimatedCost(estimate(spec));
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.UPDATING,
        "Cluster configuration updated by " + actor.name() + " (v" + cluster.getSpecVersion() + ")",
        actor);
    if (cluster.getDesiredState() == DesiredState.RUNNING) {
      if (SpecChanges.needsRestart(previous, spec)) {
        cluster.markRestarting(now);
        timeline.record(
            clusterId,
            cluster.getActiveRunId(),
            TimelineAction.RESTARTING,
            "Cluster restarted to apply the new configuration",
            actor);
        return UpdateOutcome.RESTARTED;
      }
      return UpdateOutcome.APPLIED_IN_PLACE;
    }
    if (spec.startCluster()) {
      start(cluster, actor, now);
      return UpdateOutcome.STARTED;
    }
    return UpdateOutcome.SAVED;
  }

  /**
   * A client says the cluster is in use (a job worker sending keep-alives while it works): its idle
   * time starts again from now. One unversioned statement, so keep-alives never make a concurrent
   * stop, edit or tag change of the cluster fail; not written to the timeline: clients may call it
   * often. The first keep-alive in an interval of {@link LastUseWriter} takes two more statements,
   * which queue the cluster's search document. Answers the cluster's last use as stored.
   */
  @Transactional
  public Instant keepAlive(String clusterId) {
    // The column keeps milliseconds: the answer is what is stored.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (lastUse.keepAlive(clusterId, now)) {
      return now;
    }
    // Gone, stopped, or used later already (another replica's clock, the same millisecond).
    ClusterEntity cluster = load(clusterId);
    if (cluster.getDesiredState() != DesiredState.RUNNING) {
      throw new ClusterConflictException(
          "Cluster " + clusterId + " is stopped; keep-alive is for running clusters");
    }
    return cluster.getLastUsedAt();
  }

  /** The stored hourly estimate, or null when the catalogue cannot price a pod. */
  private CostEstimate estimate(ClusterRequest spec) {
    CostEstimator.Result result = costs.estimate(spec);
    return result.unpriced().isEmpty() ? result.estimate() : null;
  }

  /**
   * Deletes a stopped cluster and what is kept of its runs (its Ray jobs, through {@link
   * ClusterDeleted}; its libraries, commands and their pod tasks are purged by their runner's next
   * pass). Its actions timeline and events are kept for audit.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public void delete(String clusterId, Actor actor) {
    ClusterEntity cluster = load(clusterId);
    if (cluster.getDesiredState() != DesiredState.STOPPED
        || cluster.getStatus() != ClusterStatus.INACTIVE) {
      throw refused(
          clusterId,
          LifecycleRequest.DELETE,
          "Cluster " + clusterId + " must be stopped before it is deleted",
          actor);
    }
    // Recorded while the row still exists, so the events carry the cluster's name.
    timeline.record(
        clusterId, null, TimelineAction.DELETED, "Cluster deleted by " + actor.name(), actor);
    clusters.delete(cluster);
    // The versioned delete first (Hibernate would insert the tombstone before it): of two
    // concurrent deletes the second then loses on the version and is retried into a 404, instead
    // of failing on the tombstone's key as a 409.
    clusters.flush();
    permissions.deleteOfCluster(clusterId);
    tombstones.save(new ClusterTombstone(clusterId, clock.instant()));
    events.publishEvent(new ClusterDeleted(clusterId, actor));
  }

  /** Records the refused request in its own transaction and returns the 409 to throw. */
  private ClusterConflictException refused(
      String clusterId, LifecycleRequest request, String reason, Actor actor) {
    failures.failed(clusterId, request, reason, actor);
    return new ClusterConflictException(reason);
  }

  @Transactional(readOnly = true)
  public ClusterEntity get(String clusterId) {
    return load(clusterId);
  }

  @Transactional(readOnly = true)
  public ClusterView view(String clusterId) {
    ClusterEntity cluster = load(clusterId);
    return new ClusterView(cluster, cluster.getSpec());
  }

  private ClusterEntity load(String clusterId) {
    return clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  /** Validates and fills what the request left to the service: placement and default policies. */
  private Normalised normalise(ClusterRequest request) {
    return normalise(validator.validate(request));
  }

  /** The same, rendered under the cluster's own id. */
  private Normalised normalise(ClusterRequest request, String clusterId) {
    return normalise(validator.validate(request, clusterId));
  }

  private static Normalised normalise(ValidatedRequest validated) {
    ClusterRequest spec = validated.placed();
    // The policies do not render: the validated render stays the render of the stored spec.
    if (spec.autoTerminationPolicies() == null || spec.autoTerminationPolicies().isEmpty()) {
      spec = spec.withAutoTerminationPolicies(DefaultPolicies.SDK_DEFAULTS);
    }
    // No Secrets are stored as none, as every spec before env_from_secrets existed: [] means
    // "none" in a request and null "unchanged" in an edit, and neither may differ once stored.
    List<String> sources = spec.advanceConfig().envFromSecrets();
    if (sources != null && sources.isEmpty()) {
      spec = spec.withAdvanceConfig(spec.advanceConfig().withEnvFromSecrets(null));
    }
    return new Normalised(spec, validated.namespace(), validated.rendered());
  }

  /**
   * The spec to store, the namespace its target puts it in (looked up once, by validation) and what
   * validation rendered.
   */
  private record Normalised(ClusterRequest spec, String namespace, RenderedCluster rendered) {}

  /**
   * Leaves the render of a started cluster, and its row as inserted (the pass needs not read it
   * back), for the reconciler's pass after the commit; taken back if the transaction rolls back (a
   * retried create gets another id).
   */
  private void handOver(ClusterEntity cluster, RenderedCluster rendered) {
    String clusterId = cluster.getClusterId();
    renders.offer(clusterId, cluster.getSpecVersion(), rendered, cluster);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              if (status != STATUS_COMMITTED) {
                renders.drop(clusterId);
              }
            }
          });
    }
  }

  private void saveChecked(ClusterEntity cluster) {
    try {
      clusters.saveAndFlush(cluster);
    } catch (DataIntegrityViolationException e) {
      // Two creates with the same name raced past existsByName: the unique key decides, and the
      // loser runs again in a new transaction, where it sees the name taken and derives one.
      throw new NameTakenMeanwhile(cluster.getName(), e);
    }
  }

  /** A concurrent create took the name between the check and the insert. */
  static class NameTakenMeanwhile extends ClusterConflictException {
    NameTakenMeanwhile(String name, Throwable cause) {
      super("A cluster named '" + name + "' was created at the same time; try again");
      initCause(cause);
    }
  }

  private static ClusterConflictException duplicateName(String name) {
    return new ClusterConflictException("A cluster named '" + name + "' already exists");
  }

  /** What an edit did. */
  public enum UpdateOutcome {
    SAVED,
    STARTED,
    APPLIED_IN_PLACE,
    RESTARTED
  }
}
