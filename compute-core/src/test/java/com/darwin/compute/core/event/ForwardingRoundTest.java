package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.domain.Backoff;
import com.darwin.compute.core.event.EventSink.Delivery;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.model.event.EventSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

/** What one forwarding round sends to Chronos, in what order, and what it retries when. */
class ForwardingRoundTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  private long nextId = 1;

  /** A stored event as the forwarder reads it (id and attempts are the database's). */
  private ClusterEventEntity event(String type, String message, int attempts) {
    ClusterEventEntity event =
        new ClusterEventEntity(
            "id-c1",
            "run-1",
            type,
            EventSeverity.INFO,
            ClusterEventEntity.Source.CONTROL_PLANE,
            message,
            "alice@example.com",
            null,
            null,
            null,
            NOW.minusSeconds(30));
    ReflectionTestUtils.setField(event, "id", nextId++);
    ReflectionTestUtils.setField(event, "forwardAttempts", attempts);
    return event;
  }

  private ClusterEventEntity event(String type, String message) {
    return event(type, message, 0).withClusterName("etl");
  }

  private static ForwardingRound.Result run(List<ClusterEventEntity> batch, EventSink sink) {
    return ForwardingRound.run(batch, Map.of(), sink, BACKOFF, NOW);
  }

  @Test
  void aLifecycleEventIsSentInTheChronosShape() {
    ClusterEventEntity stopped = event("CLUSTER_STOPPED", "stopped by alice");
    TestingEventSink sink = new TestingEventSink();

    ForwardingRound.Result round = run(List.of(stopped), sink);

    assertThat(sink.received).hasSize(1);
    Map<String, Object> body = sink.received.get(0);
    assertThat(body)
        .containsEntry("event_type", "CLUSTER_STOPPED")
        .containsEntry("timestamp", "2026-03-01T11:59:30Z")
        .containsEntry("cluster_id", "id-c1")
        .containsEntry("cluster_name", "etl")
        .containsEntry("session_id", "run-1")
        .containsEntry("message", "stopped by alice");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("severity", "INFO");
    metadata.put("type", "CLUSTER_STOPPED");
    metadata.put("source", "CONTROL_PLANE");
    metadata.put("user", "alice@example.com");
    metadata.put("object_kind", null);
    metadata.put("object_name", null);
    assertThat(body.get("metadata")).isEqualTo(metadata);
    assertThat(round.done()).containsExactly(stopped);
    assertThat(round.failed()).isEmpty();
  }

  @Test
  void ourOwnKindsAreSentUnderTheChronosNameAndKeepTheirOwnInTheMetadata() {
    TestingEventSink sink = new TestingEventSink();

    run(List.of(event("APPLY_FAILED", "admission webhook said no")), sink);

    assertThat(sink.received.get(0)).containsEntry("event_type", "CLUSTER_START_FAILED");
    assertThat(sink.received.get(0).get("metadata").toString()).contains("type=APPLY_FAILED");
  }

  @Test
  void typesChronosDoesNotKnowAreFinishedWithoutBeingSent() {
    ClusterEventEntity kube = event("KUBERNETES_EVENT", "pulled image");
    ClusterEventEntity walkedBack = event("CLUSTER_CREATING", "creating again");
    ClusterEventEntity retired = event("A_TYPE_NO_LONGER_KNOWN", "old row");
    TestingEventSink sink = new TestingEventSink();

    ForwardingRound.Result round = run(List.of(kube, walkedBack, retired), sink);

    assertThat(sink.received).isEmpty();
    assertThat(round.done()).containsExactly(kube, walkedBack, retired);
    assertThat(round.failed()).isEmpty();
  }

  @Test
  void eventsAreSentOldestFirst() {
    TestingEventSink sink = new TestingEventSink();

    run(
        List.of(
            event("CLUSTER_START_REQUEST_RECEIVED", "first"),
            event("HEAD_NODE_UP", "second"),
            event("CLUSTER_READY", "third")),
        sink);

    assertThat(sink.messages()).containsExactly("first", "second", "third");
  }

  @Test
  void anEventStoredWithoutANameGetsTheClustersCurrentOne() {
    ClusterEventEntity unnamed = event("CLUSTER_DIED", "gone", 0);
    TestingEventSink sink = new TestingEventSink();

    ForwardingRound.run(List.of(unnamed), Map.of("id-c1", "etl-renamed"), sink, BACKOFF, NOW);
    ForwardingRound.run(List.of(unnamed), Map.of(), sink, BACKOFF, NOW);

    assertThat(sink.received.get(0)).containsEntry("cluster_name", "etl-renamed");
    // A cluster deleted since: the field is still there, null.
    assertThat(sink.received.get(1)).containsEntry("cluster_name", null);
  }

  @Test
  void aStoredNameIsNotReplacedByTheCurrentOne() {
    TestingEventSink sink = new TestingEventSink();

    ForwardingRound.run(
        List.of(event("CLUSTER_CREATED", "made")),
        Map.of("id-c1", "renamed-since"),
        sink,
        BACKOFF,
        NOW);

    assertThat(sink.received.get(0)).containsEntry("cluster_name", "etl");
  }

  @Test
  void onceTheServiceIsUnreachableTheRestOfTheBatchWaitsWithoutBeingTried() {
    ClusterEventEntity sent = event("CLUSTER_START_REQUEST_RECEIVED", "sent");
    ClusterEventEntity down = event("HEAD_NODE_UP", "down");
    ClusterEventEntity held = event("CLUSTER_READY", "held");
    ClusterEventEntity local = event("KUBERNETES_EVENT", "never sent");
    TestingEventSink sink = new TestingEventSink().answering(Delivery.SENT, Delivery.UNREACHABLE);

    ForwardingRound.Result round = run(List.of(sent, down, held, local), sink);

    assertThat(sink.messages()).containsExactly("sent", "down");
    assertThat(round.done()).containsExactly(sent, local);
    assertThat(round.failed()).containsExactly(down, held);
    assertThat(round.rejected()).isEmpty();
  }

  @Test
  void aRejectedEventIsRetriedLaterWithoutHoldingBackTheOthers() {
    ClusterEventEntity refused = event("CLUSTER_UPDATED", "refused");
    ClusterEventEntity next = event("CLUSTER_STOPPED", "next");
    TestingEventSink sink = new TestingEventSink().answering(Delivery.REJECTED);

    ForwardingRound.Result round = run(List.of(refused, next), sink);

    assertThat(sink.messages()).containsExactly("refused", "next");
    assertThat(round.done()).containsExactly(next);
    assertThat(round.failed()).containsExactly(refused);
    assertThat(round.rejected()).containsExactly(refused);
  }

  @Test
  void theRetryBacksOffExponentiallyFromTheMostTriedFailedEvent() {
    TestingEventSink sink =
        new TestingEventSink().answering(Delivery.REJECTED, Delivery.REJECTED, Delivery.SENT);

    ForwardingRound.Result round =
        run(
            List.of(
                event("CLUSTER_CREATED", "tried once", 1),
                event("CLUSTER_UPDATED", "tried three times", 3),
                event("CLUSTER_STOPPED", "sent after six", 6)),
            sink);

    // The failed ones were tried 2 and 4 times now: 1s doubled three times. The sent one's six
    // earlier attempts do not count.
    assertThat(round.retryAt()).isEqualTo(NOW.plusSeconds(8));
  }

  @Test
  void aFirstFailureWaitsTheInitialBackoff() {
    ForwardingRound.Result round =
        run(
            List.of(event("CLUSTER_CREATED", "new")),
            new TestingEventSink().answering(Delivery.UNREACHABLE));

    assertThat(round.retryAt()).isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void theBackoffIsCappedSoAnEventIsNeverGivenUp() {
    ClusterEventEntity veteran = event("CLUSTER_CREATED", "veteran", 40);

    ForwardingRound.Result round =
        run(List.of(veteran), new TestingEventSink().answering(Delivery.UNREACHABLE));

    assertThat(round.failed()).containsExactly(veteran);
    assertThat(round.retryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void anEmptyBatchSendsNothing() {
    TestingEventSink sink = new TestingEventSink();

    ForwardingRound.Result round = run(List.of(), sink);

    assertThat(sink.received).isEmpty();
    assertThat(round.done()).isEmpty();
    assertThat(round.failed()).isEmpty();
  }
}
