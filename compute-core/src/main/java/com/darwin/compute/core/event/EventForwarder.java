package com.darwin.compute.core.event;

import com.darwin.compute.core.config.EventSinkProperties;
import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forwards cluster events to the external event service in the Chronos shape ({@code POST
 * {url}/api/v1/event}, header {@code x-event-source}). Events are read from the events table, so a
 * slow or absent event service never blocks a request; failures are retried with backoff.
 */
@Component
public class EventForwarder {

  private static final Logger log = LoggerFactory.getLogger(EventForwarder.class);

  private final ClusterEventRepository events;
  private final ClusterRepository clusters;
  private final EventSinkProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final HttpClient http;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final ClusterJobFailures jobFailures;

  /** While the sink is unreachable: when the events it did not take are due again. */
  private volatile Instant unreachableUntil = Instant.MIN;

  /** The name under which events refused by the sink are counted and alerted. */
  public static final String JOB = "event-forwarder";

  public EventForwarder(
      ClusterEventRepository events,
      ClusterRepository clusters,
      EventSinkProperties properties,
      TransactionTemplate tx,
      Clock clock,
      ClusterJobFailures jobFailures) {
    this.jobFailures = jobFailures;
    this.events = events;
    this.clusters = clusters;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
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
    List<ClusterEventEntity> batch =
        events.findByForwardedFalseAndNextForwardAtLessThanEqualOrderByIdAsc(
            now, Limit.of(properties.batchSize()));
    List<Long> sent = new ArrayList<>();
    List<Long> failed = new ArrayList<>();
    int attempts = 0;
    boolean reachable = true;
    Map<String, String> names = namesOf(batch);
    for (ClusterEventEntity event : batch) {
      Optional<String> chronosType = ChronosEventTypes.of(event.getEventType());
      if (chronosType.isEmpty()) {
        // Not a Compute event Chronos knows: done without sending.
        sent.add(event.getId());
        continue;
      }
      // Once the service is unreachable the rest of the batch waits too, instead of each event
      // spending its own timeout.
      Outcome outcome =
          reachable
              ? send(event, chronosType.get(), names.get(event.getClusterId()))
              : Outcome.UNREACHABLE;
      if (outcome == Outcome.SENT) {
        sent.add(event.getId());
      } else {
        // A rejected event (its own fault) is retried later without holding back the others.
        reachable = reachable && outcome == Outcome.REJECTED;
        if (outcome == Outcome.REJECTED) {
          jobFailures.record(
              JOB,
              event.getClusterId(),
              new IllegalStateException("event " + event.getId() + " rejected by the sink"));
        }
        failed.add(event.getId());
        attempts = Math.max(attempts, event.getForwardAttempts() + 1);
      }
    }
    Instant retryAt = now.plus(backoff(Math.max(attempts, 1)));
    if (!reachable) {
      unreachableUntil = retryAt;
    }
    tx.executeWithoutResult(
        s -> {
          if (!sent.isEmpty()) {
            events.markForwarded(sent);
          }
          if (!failed.isEmpty()) {
            events.postponeForwarding(failed, retryAt);
          }
        });
  }

  private enum Outcome {
    SENT,
    /** This event could not be built or the sink refused it (4xx): the sink itself is fine. */
    REJECTED,
    UNREACHABLE
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

  /**
   * One event in the body Chronos's compute transformer reads: {@code cluster_id}, {@code
   * cluster_name} (always present, null only for a cluster deleted before its name was kept), an
   * {@code event_type} of its Compute event list, {@code session_id} (the run id) and {@code
   * message}.
   */
  private Outcome send(ClusterEventEntity event, String chronosType, String fallbackName) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event_type", chronosType);
    payload.put("timestamp", event.getCreatedAt().toString());
    payload.put("cluster_id", event.getClusterId());
    payload.put(
        "cluster_name", event.getClusterName() != null ? event.getClusterName() : fallbackName);
    payload.put("session_id", event.getRunId());
    payload.put("message", event.getMessage());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("severity", event.getSeverity().name());
    metadata.put("type", event.getEventType());
    metadata.put("source", event.getSource().name());
    metadata.put("user", event.getActor());
    metadata.put("object_kind", event.getObjectKind());
    metadata.put("object_name", event.getObjectName());
    payload.put("metadata", metadata);
    String body;
    try {
      body = mapper.writeValueAsString(payload);
    } catch (RuntimeException e) {
      return Outcome.REJECTED;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(properties.url() + "/api/v1/event"))
              .timeout(properties.timeout())
              .header("Content-Type", "application/json")
              .header("x-event-source", properties.source())
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        return Outcome.SENT;
      }
      log.debug("Event service answered {} for event {}", response.statusCode(), event.getId());
      return response.statusCode() / 100 == 4 && response.statusCode() != 429
          ? Outcome.REJECTED
          : Outcome.UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.UNREACHABLE;
    } catch (Exception e) {
      log.debug("Event service unreachable for event {}: {}", event.getId(), e.toString());
      return Outcome.UNREACHABLE;
    }
  }

  private Duration backoff(int attempt) {
    return new Backoff(properties.retryInitialBackoff(), properties.retryMaxBackoff())
        .after(attempt);
  }
}
