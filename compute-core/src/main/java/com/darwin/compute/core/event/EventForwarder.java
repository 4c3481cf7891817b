package com.darwin.compute.core.event;

import com.darwin.compute.core.config.EventSinkProperties;
import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.UnsentEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forwards cluster events to the external event service in the Chronos shape ({@code POST
 * {url}/api/v1/event}, header {@code x-event-source}). Events are read from the events table, so a
 * slow or absent event service never blocks a request; failures are retried with backoff. What a
 * round decides is {@link ForwardingRound}; the HTTP side is {@link EventSink}. An event not
 * delivered within {@code compute.events.sink.max-age} of happening is given up (logged and counted
 * as {@value #GIVEN_UP}): news that late misleads more than it tells.
 */
@Component
public class EventForwarder {

  private final ClusterEventRepository events;
  private final ClusterRepository clusters;
  private final EventSinkProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final EventSink sink;
  private final Backoff backoff;
  private final ClusterJobFailures jobFailures;

  /** While the sink is unreachable: when the events it did not take are due again. */
  private volatile Instant unreachableUntil = Instant.MIN;

  /** The name under which events refused by the sink are counted and alerted. */
  public static final String JOB = "event-forwarder";

  /** Counter of events given up unsent because they were older than the maximum age. */
  public static final String GIVEN_UP = "darwin.events.forwarding.given.up";

  /** Events given up per round: one read, and updates of them by primary key in id batches. */
  static final int GIVE_UP_CHUNK = 10_000;

  private static final Logger log = LoggerFactory.getLogger(EventForwarder.class);

  private final Counter givenUp;

  private volatile Instant nextGiveUpAt = Instant.MIN;

  public EventForwarder(
      ClusterEventRepository events,
      ClusterRepository clusters,
      EventSinkProperties properties,
      TransactionTemplate tx,
      Clock clock,
      ClusterJobFailures jobFailures,
      EventSink sink,
      ObjectProvider<MeterRegistry> meters) {
    this.jobFailures = jobFailures;
    this.events = events;
    this.clusters = clusters;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    this.sink = sink;
    this.backoff = new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff());
    this.givenUp =
        Counter.builder(GIVEN_UP)
            .description(
                "Events not sent to the event service because they were still undelivered at"
                    + " compute.events.sink.max-age")
            .register(meters.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Scheduled(fixedDelayString = "${compute.events.sink.interval:1s}")
  @SchedulerLock(name = "event-forwarder")
  public void forward() {
    if (!properties.enabled()) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(unreachableUntil)) {
      // The sink did not answer: nothing is sent until the postponed events are due again, so
      // events recorded meanwhile do not overtake them (a cluster's READY before its CREATED).
      return;
    }
    Instant oldestSent = now.minus(properties.maxAge());
    if (gaveUpAFullChunk(now, oldestSent)) {
      return;
    }
    List<ClusterEventEntity> batch =
        events
            .findByForwardedFalseAndNextForwardAtLessThanEqualAndCreatedAtGreaterThanEqualOrderByIdAsc(
                now, oldestSent, Limit.of(properties.batchSize()));
    ForwardingRound.Result round = ForwardingRound.run(batch, namesOf(batch), sink, backoff, now);
    for (ClusterEventEntity event : round.rejected()) {
      jobFailures.record(
          JOB,
          event.getClusterId(),
          new IllegalStateException("event " + event.getId() + " rejected by the sink"));
    }
    if (round.sinkUnreachable()) {
      unreachableUntil = round.retryAt();
    }
    tx.executeWithoutResult(
        s -> {
          if (!round.done().isEmpty()) {
            events.markForwarded(ids(round.done()));
          }
          if (!round.failed().isEmpty()) {
            events.postponeForwarding(ids(round.failed()), round.retryAt());
          }
        });
  }

  /**
   * Marks a chunk of the events past the maximum age done without sending them. Stale events are
   * never sent (the batch skips them); marking them only keeps them out of the batches' way. A
   * failed event waits at most retry-max-backoff for its next try, so looking that often marks it
   * no later than that try would have come.
   *
   * @return whether a full chunk was marked: more may wait, and the round sends nothing this time,
   *     as the batch's read would wade through them
   */
  private boolean gaveUpAFullChunk(Instant now, Instant cutoff) {
    if (now.isBefore(nextGiveUpAt)) {
      return false;
    }
    List<UnsentEvent> stale;
    try {
      stale = events.findUnsentBefore(cutoff, Limit.of(GIVE_UP_CHUNK));
      if (!stale.isEmpty()) {
        tx.executeWithoutResult(
            s ->
                IdBatches.of(stale.stream().map(UnsentEvent::id).toList())
                    .forEach(events::markForwarded));
      }
    } catch (RuntimeException e) {
      // Only housekeeping: the batch skips stale events anyway, so sending goes on.
      log.warn("Stale events could not be given up; next try later: {}", e.toString());
      nextGiveUpAt = now.plus(properties.retryMaxBackoff());
      return false;
    }
    boolean full = stale.size() == GIVE_UP_CHUNK;
    nextGiveUpAt = full ? Instant.MIN : now.plus(properties.retryMaxBackoff());
    // Only those Chronos would have received count: the others are never sent anyway.
    long unsent =
        stale.stream().filter(e -> ChronosEventTypes.of(e.eventType()).isPresent()).count();
    if (unsent > 0) {
      givenUp.increment(unsent);
      log.warn(
          "Gave up forwarding {} events recorded before {} (compute.events.sink.max-age {}): the"
              + " event service refused them, was unreachable, or forwarding was off then",
          unsent,
          cutoff,
          properties.maxAge());
    }
    return full;
  }

  private static List<Long> ids(List<ClusterEventEntity> events) {
    return events.stream().map(ClusterEventEntity::getId).toList();
  }

  /**
   * Names for events stored without one (Kubernetes events, rows older than the column): the
   * cluster's current name, or null for a cluster deleted since.
   */
  private Map<String, String> namesOf(List<ClusterEventEntity> batch) {
    Set<String> missing = new HashSet<>();
    Map<String, String> names = new HashMap<>();
    for (ClusterEventEntity event : batch) {
      if (event.getClusterName() == null) {
        missing.add(event.getClusterId());
      }
    }
    if (!missing.isEmpty()) {
      clusters.findAllById(missing).forEach(c -> names.put(c.getClusterId(), c.getName()));
    }
    return names;
  }
}
