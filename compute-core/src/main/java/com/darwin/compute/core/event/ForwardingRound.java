package com.darwin.compute.core.event;

import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.store.ClusterEventEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One round of forwarding, without the database: given a batch of stored events (oldest first),
 * what is delivered, what is finished without delivery, what waits for the next attempt and until
 * when. The forwarder reads the batch and writes the outcome; everything decided in between is
 * here.
 */
final class ForwardingRound {

  /**
   * @param done events finished: delivered, or of a type Chronos is never sent
   * @param failed events to try again at {@code retryAt}
   * @param rejected the failed events the sink refused (their own fault, counted as job failures)
   * @param retryAt when the failed events are due again
   * @param sinkUnreachable the sink did not answer: nothing more is sent before {@code retryAt}
   */
  record Result(
      List<ClusterEventEntity> done,
      List<ClusterEventEntity> failed,
      List<ClusterEventEntity> rejected,
      Instant retryAt,
      boolean sinkUnreachable) {}

  private ForwardingRound() {}

  /**
   * @param names the current names of clusters whose events were stored without one
   */
  static Result run(
      List<ClusterEventEntity> batch,
      Map<String, String> names,
      EventSink sink,
      Backoff backoff,
      Instant now) {
    List<ClusterEventEntity> done = new ArrayList<>();
    List<ClusterEventEntity> failed = new ArrayList<>();
    List<ClusterEventEntity> rejected = new ArrayList<>();
    int attempts = 0;
    boolean reachable = true;
    for (ClusterEventEntity event : batch) {
      Optional<String> chronosType = ChronosEventTypes.of(event.getEventType());
      if (chronosType.isEmpty()) {
        // Not a Compute event Chronos knows: done without sending.
        done.add(event);
        continue;
      }
      // Once the service is unreachable the rest of the batch waits too, instead of each event
      // spending its own timeout.
      EventSink.Delivery delivery =
          reachable
              ? sink.deliver(payload(event, chronosType.get(), names.get(event.getClusterId())))
              : EventSink.Delivery.UNREACHABLE;
      if (delivery == EventSink.Delivery.SENT) {
        done.add(event);
        continue;
      }
      // A rejected event (its own fault) is retried later without holding back the others.
      if (delivery == EventSink.Delivery.REJECTED) {
        rejected.add(event);
      } else {
        reachable = false;
      }
      failed.add(event);
      attempts = Math.max(attempts, event.getForwardAttempts() + 1);
    }
    return new Result(
        done, failed, rejected, now.plus(backoff.after(Math.max(attempts, 1))), !reachable);
  }

  /**
   * One event in the body Chronos's compute transformer reads: {@code cluster_id}, {@code
   * cluster_name} (always present, null only for a cluster deleted before its name was kept), an
   * {@code event_type} of its Compute event list, {@code session_id} (the run id) and {@code
   * message}.
   */
  static Map<String, Object> payload(
      ClusterEventEntity event, String chronosType, String fallbackName) {
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
    return payload;
  }
}
