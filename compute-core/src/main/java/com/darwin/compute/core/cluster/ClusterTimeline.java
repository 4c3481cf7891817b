package com.darwin.compute.core.cluster;

import com.darwin.compute.core.store.ClusterActionEntity;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.OutboxEntry;
import com.darwin.compute.core.store.OutboxRepository;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything that must happen in the same transaction as a cluster change: the actions-timeline row
 * and its typed event, the search outbox row, and the after-commit nudge to the reconciler.
 */
@Component
public class ClusterTimeline {

  private final ClusterActionRepository actions;
  private final ClusterEventRepository clusterEvents;
  private final OutboxRepository outbox;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ClusterTimeline(
      ClusterActionRepository actions,
      ClusterEventRepository clusterEvents,
      OutboxRepository outbox,
      ApplicationEventPublisher events,
      Clock clock) {
    this.actions = actions;
    this.clusterEvents = clusterEvents;
    this.outbox = outbox;
    this.events = events;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String clusterId, String runId, String action, String message, Actor actor) {
    TimelineVocabulary.Meaning meaning = TimelineVocabulary.of(action);
    var now = clock.instant();
    actions.save(new ClusterActionEntity(clusterId, runId, action, message, actor.name(), now));
    clusterEvents.save(
        new ClusterEventEntity(
            clusterId,
            runId,
            meaning.type().name(),
            meaning.severity(),
            ClusterEventEntity.Source.CONTROL_PLANE,
            message,
            actor.name(),
            null,
            null,
            null,
            now));
    changed(clusterId);
  }

  /** The cluster changed without a timeline entry (counters, say): re-index and re-reconcile. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void changed(String clusterId) {
    outbox.save(new OutboxEntry(clusterId, clock.instant()));
    events.publishEvent(new ClusterChanged(clusterId));
  }
}
