package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterChanged;
import com.darwin.compute.core.store.ClusterActionEntity;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.TimelineRows;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.event.ClusterEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Everything that must happen in the same transaction as a cluster change: the actions-timeline row
 * and its typed event, the search outbox row, and the after-commit nudge to the reconciler.
 */
@Component
public class ClusterTimeline {

  private final ClusterRepository clusters;
  private final ClusterActionRepository actions;
  private final ClusterEventRepository clusterEvents;
  private final TimelineRows rows;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ClusterTimeline(
      ClusterRepository clusters,
      ClusterActionRepository actions,
      ClusterEventRepository clusterEvents,
      TimelineRows rows,
      ApplicationEventPublisher events,
      Clock clock) {
    this.clusters = clusters;
    this.actions = actions;
    this.clusterEvents = clusterEvents;
    this.rows = rows;
    this.events = events;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(
      String clusterId, String runId, TimelineAction action, String message, Actor actor) {
    record(clusterId, runId, action, action.type(), message, actor, false);
  }

  /**
   * The same, by the action's wire name (an unknown name is a programming error).
   *
   * @deprecated pass the {@link TimelineAction}
   */
  @Deprecated
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String clusterId, String runId, String action, String message, Actor actor) {
    TimelineAction known = TimelineAction.of(action);
    record(clusterId, runId, known, known.type(), message, actor, false);
  }

  /** One entry of {@link #recordAll}. */
  public record Entry(String runId, TimelineAction action, String message) {}

  /**
   * Several entries of one change (a create that starts), their rows sent as one insert per table
   * instead of one round trip each. Not read back as entities in the same transaction. The caller
   * holds the cluster (created or loaded in this transaction): its name is taken from it rather
   * than asked of the repository again.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordAll(ClusterEntity cluster, List<Entry> entries, Actor actor) {
    var now = clock.instant();
    String clusterId = cluster.getClusterId();
    String name = cluster.getName();
    List<ClusterActionEntity> actionRows = new ArrayList<>();
    List<ClusterEventEntity> eventRows = new ArrayList<>();
    for (Entry e : entries) {
      addRows(clusterId, name, e, actor, now, actionRows, eventRows);
    }
    rows.insertActions(actionRows);
    rows.insertEvents(eventRows);
    changed(clusterId, false);
  }

  /**
   * The stop the control plane made of each of several clusters in one transaction (a sweep
   * stopping many): its entry, published after the events of a stop ({@link #STOP_EVENTS}); one
   * multi-row insert per table for all of them, at most {@link IdBatches#SIZE} rows each, instead
   * of a round trip per cluster and table. The caller holds the clusters (loaded in this
   * transaction).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordStops(
      List<ClusterEntity> changed, Function<ClusterEntity, Entry> entryOf, Actor actor) {
    var now = clock.instant();
    List<ClusterActionEntity> actionRows = new ArrayList<>();
    List<ClusterEventEntity> eventRows = new ArrayList<>();
    List<String> queued = new ArrayList<>();
    for (ClusterEntity cluster : changed) {
      String clusterId = cluster.getClusterId();
      Entry entry = entryOf.apply(cluster);
      for (ClusterEventType type : STOP_EVENTS) {
        if (type != entry.action().requested() && type != entry.action().type()) {
          eventRows.add(
              event(
                  clusterId,
                  cluster.getName(),
                  entry.runId(),
                  type,
                  TimelineAction.STOPPED,
                  entry.message(),
                  actor,
                  now));
        }
      }
      addRows(clusterId, cluster.getName(), entry, actor, now, actionRows, eventRows);
      if (firstChangeInTransaction(clusterId)) {
        queued.add(clusterId);
      }
    }
    IdBatches.of(actionRows).forEach(rows::insertActions);
    IdBatches.of(eventRows).forEach(rows::insertEvents);
    IdBatches.of(queued).forEach(ids -> rows.insertOutbox(ids, now));
    changed.forEach(
        cluster -> events.publishEvent(new ClusterChanged(cluster.getClusterId(), false)));
  }

  /**
   * What a stop the control plane makes on its own (idle, timed out, dead) publishes before its own
   * event, as a user's stop does: the Python service made those stops through its ordinary stop,
   * and Chronos closes a run's session only on a {@code CLUSTER_STOPPED} with that run's session id
   * (without it every auto-terminated run stayed open there for good).
   */
  static final List<ClusterEventType> STOP_EVENTS =
      List.of(ClusterEventType.CLUSTER_STOP_REQUEST_RECEIVED, ClusterEventType.CLUSTER_STOPPED);

  /** The action row of one entry, and its event (after its "requested" event, if it has one). */
  private static void addRows(
      String clusterId,
      String name,
      Entry e,
      Actor actor,
      Instant now,
      List<ClusterActionEntity> actionRows,
      List<ClusterEventEntity> eventRows) {
    actionRows.add(
        new ClusterActionEntity(
                clusterId, e.runId(), e.action().wireName(), e.message(), actor.name(), now)
            .withCallerAddress(actor.source()));
    if (e.action().requested() != null) {
      eventRows.add(
          event(
              clusterId,
              name,
              e.runId(),
              e.action().requested(),
              e.action(),
              e.message(),
              actor,
              now));
    }
    eventRows.add(
        event(clusterId, name, e.runId(), e.action().type(), e.action(), e.message(), actor, now));
  }

  /**
   * A transition the reconciler observed: recorded like any other, without waking it again, and
   * published as {@code type} (the action's own event type but for the rows the Python service
   * announced otherwise, see {@code TransitionAction}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordObserved(
      String clusterId,
      String runId,
      TimelineAction action,
      ClusterEventType type,
      String message,
      Actor actor) {
    record(clusterId, runId, action, type, message, actor, true);
  }

  private void record(
      String clusterId,
      String runId,
      TimelineAction action,
      ClusterEventType type,
      String message,
      Actor actor,
      boolean observation) {
    var now = clock.instant();
    // Read in this transaction's persistence context: no query when the caller loaded the cluster.
    String name = clusters.findById(clusterId).map(ClusterEntity::getName).orElse(null);
    actions.save(
        new ClusterActionEntity(clusterId, runId, action.wireName(), message, actor.name(), now)
            .withCallerAddress(actor.source()));
    if (action.requested() != null) {
      clusterEvents.save(
          event(clusterId, name, runId, action.requested(), action, message, actor, now));
    }
    clusterEvents.save(event(clusterId, name, runId, type, action, message, actor, now));
    changed(clusterId, observation);
  }

  private static ClusterEventEntity event(
      String clusterId,
      String name,
      String runId,
      ClusterEventType type,
      TimelineAction meaning,
      String message,
      Actor actor,
      Instant at) {
    return new ClusterEventEntity(
            clusterId,
            runId,
            type.name(),
            meaning.severity(),
            ClusterEventEntity.Source.CONTROL_PLANE,
            message,
            actor.name(),
            null,
            null,
            null,
            at)
        .withClusterName(name)
        .withCallerAddress(actor.source());
  }

  /** The cluster changed without a timeline entry (counters, say): re-index and re-reconcile. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void changed(String clusterId) {
    changed(clusterId, false);
  }

  /** The reconciler's observation changed the row: re-index only. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void observed(String clusterId) {
    changed(clusterId, true);
  }

  /**
   * Only the search document is behind (a use moved {@code last_used_at}): re-index the clusters,
   * without the nudge to the reconciler that a change of theirs sends. One insert per {@link
   * IdBatches#SIZE} clusters.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void reindex(Collection<String> clusterIds) {
    List<String> queued = new ArrayList<>();
    for (String clusterId : clusterIds) {
      if (firstChangeInTransaction(clusterId)) {
        queued.add(clusterId);
      }
    }
    Instant now = clock.instant();
    IdBatches.of(queued).forEach(ids -> rows.insertOutbox(ids, now));
  }

  private void changed(String clusterId, boolean observation) {
    if (firstChangeInTransaction(clusterId)) {
      rows.insertOutbox(clusterId, clock.instant());
    }
    events.publishEvent(new ClusterChanged(clusterId, observation));
  }

  /**
   * One outbox row per cluster and transaction is enough: the indexer reads the row as committed. A
   * create that starts, or a change recorded twice, used to queue the same cluster twice. Kept in a
   * synchronization of the current transaction, so a transaction of its own (REQUIRES_NEW, whose
   * outer one's synchronizations are suspended) queues its clusters itself.
   */
  private static boolean firstChangeInTransaction(String clusterId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return true;
    }
    for (TransactionSynchronization registered :
        TransactionSynchronizationManager.getSynchronizations()) {
      if (registered instanceof QueuedClusters queued) {
        return queued.ids.add(clusterId);
      }
    }
    QueuedClusters queued = new QueuedClusters();
    TransactionSynchronizationManager.registerSynchronization(queued);
    return queued.ids.add(clusterId);
  }

  /** The clusters this transaction has put on the outbox. */
  private static final class QueuedClusters implements TransactionSynchronization {
    private final Set<String> ids = new HashSet<>();
  }
}
