package com.darwin.compute.core.event;

import com.darwin.compute.core.domain.ClusterChanged;
import com.darwin.compute.core.kube.KubernetesEventObservation;
import com.darwin.compute.core.kube.KubernetesEventWatcher;
import com.darwin.compute.core.status.StatusMessages;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.TimelineRows;
import com.darwin.compute.model.event.ClusterEventType;
import com.darwin.compute.model.event.EventSeverity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the Kubernetes events of clusters as typed cluster events (beyond Kubernetes' one-hour
 * event TTL). An {@code InvalidRayClusterSpec} event also becomes the cluster's status message:
 * KubeRay says nothing else about a spec it rejects.
 *
 * <p>Events arrive in bursts (a cluster's pods coming up, and every informer resync delivering
 * every event of the namespace again), so whatever has queued up is stored in one transaction: one
 * query for the keys already stored, one for the clusters, one multi-row insert (issue 21; it was a
 * transaction of four statements per event, resyncs included). What waits is bounded ({@link
 * PendingEvents}): a database outage keeps events from being stored, not the process alive.
 */
@Component
public class KubernetesEventRecorder implements DisposableBean {

  /** At most this many events per transaction (and per {@code IN} list). */
  static final int MAX_BATCH = 500;

  /**
   * At most this many events wait to be stored (a few hundred bytes each): a namespace's events of
   * the last hour, as Kubernetes keeps them, for some thousands of pods.
   */
  static final int PENDING_LIMIT = 20_000;

  public static final String PENDING_METRIC = "darwin.kubernetes.events.pending";
  public static final String DROPPED_METRIC = "darwin.kubernetes.events.dropped";

  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private final ClusterEventRepository events;
  private final ClusterRepository clusters;
  private final TimelineRows rows;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  private final PendingEvents pending;
  private final Clock clock;
  // Informer threads must not wait for the database.
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kubernetes-event-recorder");
            t.setDaemon(true);
            return t;
          });

  @Autowired
  public KubernetesEventRecorder(
      KubernetesEventWatcher watcher,
      ClusterEventRepository events,
      ClusterRepository clusters,
      TimelineRows rows,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher,
      ObjectProvider<MeterRegistry> meters,
      Clock clock) {
    this(
        watcher,
        events,
        clusters,
        rows,
        tx,
        publisher,
        meters.getIfAvailable(SimpleMeterRegistry::new),
        PENDING_LIMIT,
        clock);
  }

  KubernetesEventRecorder(
      KubernetesEventWatcher watcher,
      ClusterEventRepository events,
      ClusterRepository clusters,
      TimelineRows rows,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher,
      MeterRegistry registry,
      int pendingLimit,
      Clock clock) {
    this.clock = clock;
    this.events = events;
    this.clusters = clusters;
    this.rows = rows;
    this.tx = tx;
    this.publisher = publisher;
    this.pending = new PendingEvents(pendingLimit);
    Gauge.builder(PENDING_METRIC, pending, PendingEvents::size)
        .description("Kubernetes events waiting to be stored")
        .register(registry);
    FunctionCounter.builder(DROPPED_METRIC, pending, PendingEvents::dropped)
        .description(
            "Kubernetes events dropped because too many were waiting (the next informer resync"
                + " delivers them again)")
        .register(registry);
    watcher.addListener(this::offer);
    executor.execute(this::drain);
  }

  private void offer(KubernetesEventObservation event) {
    long dropped = pending.offer(event);
    // Once per thousand: a full queue during an outage drops a whole resync's worth at a time.
    if (dropped % 1_000 == 1) {
      log.warn(
          "{} Kubernetes events are waiting to be stored; {} dropped so far (the next informer"
              + " resync delivers them again)",
          pending.size(),
          dropped);
    }
  }

  /** How many events wait to be stored. */
  int pending() {
    return pending.size();
  }

  private void drain() {
    while (!Thread.currentThread().isInterrupted()) {
      List<KubernetesEventObservation> batch;
      try {
        batch = pending.take(MAX_BATCH);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        record(batch);
      } catch (Throwable e) {
        // This is the only thread that stores events: an Error out of one batch (a class that
        // failed to load, memory short for a moment) would end it, and every later event would
        // wait until dropped.
        log.error("Could not record {} Kubernetes events; going on with the next", batch.size(), e);
      }
    }
  }

  /** Stores those of the observations not stored yet, in one transaction. */
  void record(List<KubernetesEventObservation> batch) {
    try {
      tx.executeWithoutResult(s -> store(batch));
    } catch (DataIntegrityViolationException refused) {
      // A copy another replica stored meanwhile in a batch that changes a status message (others
      // are skipped by the insert itself), or an event the database refuses: the others are
      // stored one by one, so that it loses no other event.
      if (batch.size() > 1) {
        batch.forEach(o -> record(List.of(o)));
      } else {
        log.warn("Kubernetes event {} not stored: {}", batch.get(0), refused.toString());
      }
    } catch (RuntimeException e) {
      // The next informer resync delivers them again.
      log.warn("Could not record {} Kubernetes events, e.g. {}", batch.size(), batch.get(0), e);
    }
  }

  private void store(List<KubernetesEventObservation> batch) {
    Map<String, KubernetesEventObservation> byKey = new LinkedHashMap<>();
    for (KubernetesEventObservation o : batch) {
      byKey.putIfAbsent(o.key(), o);
    }
    events.findExternalKeysIn(List.copyOf(byKey.keySet())).forEach(byKey::remove);
    if (byKey.isEmpty()) {
      return;
    }
    Set<String> clusterIds = new LinkedHashSet<>();
    byKey.values().forEach(o -> clusterIds.add(o.clusterId()));
    Map<String, ClusterEntity> byId = new HashMap<>();
    clusters.findAllById(clusterIds).forEach(c -> byId.put(c.getClusterId(), c));

    List<ClusterEventEntity> stored = new ArrayList<>();
    Set<String> changed = new LinkedHashSet<>();
    for (KubernetesEventObservation o : byKey.values()) {
      ClusterEntity cluster = byId.get(o.clusterId());
      if (cluster == null) {
        continue; // deleted meanwhile, or a name that only looks like one of ours
      }
      ClusterEventType type = typeOf(o.reason());
      String message = o.reason() + ": " + (o.message() == null ? "" : o.message());
      ClusterEventEntity event =
          new ClusterEventEntity(
                  cluster.getClusterId(),
                  cluster.getActiveRunId(),
                  type.name(),
                  severityOf(type, o.type()),
                  ClusterEventEntity.Source.KUBERNETES,
                  message,
                  null,
                  o.objectKind(),
                  o.objectName(),
                  o.key(),
                  o.at())
              .withClusterName(cluster.getName());
      // Most are never sent (Chronos has pod events from its own sources). Left for the forwarder,
      // the burst a replica's start lists (an hour of a namespace's events) held the events it
      // does send back by minutes, 100 rows a second in id order.
      stored.add(ChronosEventTypes.of(type.name()).isPresent() ? event : event.neverForwarded());
      if (type == ClusterEventType.INVALID_SPEC) {
        cluster.changeStatus(
            cluster.getStatus(), StatusMessages.INVALID_SPEC_PREFIX + ": " + message, o.at());
        changed.add(cluster.getClusterId());
      }
    }
    if (changed.isEmpty()) {
      rows.insertEventsOnce(stored);
    } else {
      // A status message goes with them (a rejected spec, rare): a copy another replica stored
      // meanwhile must fail this batch, which is then stored event by event, so that its message
      // is not written twice, over a newer one, or against the other's version of the row.
      rows.insertEvents(stored);
    }
    if (!changed.isEmpty()) {
      // The new status message moved updated_at, which the search document carries.
      rows.insertOutbox(List.copyOf(changed), clock.instant());
    }
    changed.forEach(id -> publisher.publishEvent(new ClusterChanged(id)));
  }

  static ClusterEventType typeOf(String reason) {
    if ("InvalidRayClusterSpec".equals(reason)) {
      return ClusterEventType.INVALID_SPEC;
    }
    if ("FailedScheduling".equals(reason)) {
      return ClusterEventType.POD_FAILED_SCHEDULING;
    }
    return ClusterEventType.KUBERNETES_EVENT;
  }

  static EventSeverity severityOf(ClusterEventType type, String kubernetesType) {
    if (type == ClusterEventType.INVALID_SPEC) {
      return EventSeverity.ERROR;
    }
    return "Warning".equals(kubernetesType) ? EventSeverity.WARNING : EventSeverity.INFO;
  }

  /**
   * Interrupts the worker and waits for its batch in flight: this bean is destroyed before the
   * database pool it writes through, which a batch still running found closed.
   */
  @Override
  public void destroy() throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
      log.warn("A batch in flight did not end within 5 s of the shutdown");
    }
  }
}
