package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.config.EventSinkPropertiesTest;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.UnsentEvent;
import com.darwin.compute.model.event.EventSeverity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Giving up events past their maximum age, without the database: what is read, marked, counted. */
class EventForwarderTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final ClusterEventRepository events = mock(ClusterEventRepository.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestingClock clock = new TestingClock(T0);
  private final TestingEventSink sink = new TestingEventSink();
  private final EventForwarder forwarder =
      new EventForwarder(
          events,
          mock(ClusterRepository.class),
          EventSinkPropertiesTest.withMaxAge(Duration.ofDays(1)),
          new TransactionTemplate(mock(PlatformTransactionManager.class)),
          clock,
          new ClusterJobFailures(mock(AlertService.class), meterProvider()),
          sink,
          meterProvider());

  private ObjectProvider<MeterRegistry> meterProvider() {
    return new StaticListableBeanFactory(Map.of("meters", meters))
        .getBeanProvider(MeterRegistry.class);
  }

  private double givenUp() {
    return meters.counter(EventForwarder.GIVEN_UP).count();
  }

  private static List<UnsentEvent> stale(int count, String type) {
    return LongStream.range(0, count).mapToObj(id -> new UnsentEvent(id, type)).toList();
  }

  @Test
  void aFullChunkIsMarkedInIdBatchesAndTheRoundSendsNothingUntilTheBacklogIsGone() {
    when(events.findUnsentBefore(any(), any()))
        .thenReturn(stale(EventForwarder.GIVE_UP_CHUNK, "CLUSTER_CREATED"))
        .thenReturn(
            List.of(
                new UnsentEvent(1, "CLUSTER_CREATED"),
                // Chronos is never sent this one: given up, but not counted.
                new UnsentEvent(2, "WORKER_NODES_SCALED_DOWN")));

    forwarder.forward();

    verify(events, times(EventForwarder.GIVE_UP_CHUNK / 1_000)).markForwarded(anyList());
    verify(events, never())
        .findByForwardedFalseAndNextForwardAtLessThanEqualAndCreatedAtGreaterThanEqualOrderByIdAsc(
            any(), any(), any());
    assertThat(givenUp()).isEqualTo(EventForwarder.GIVE_UP_CHUNK);

    // More may wait: looked for again at once; the rest fit in a chunk, so the batch goes out.
    forwarder.forward();

    verify(events, times(2)).findUnsentBefore(T0.minus(Duration.ofDays(1)), limitOfAChunk());
    verify(events)
        .findByForwardedFalseAndNextForwardAtLessThanEqualAndCreatedAtGreaterThanEqualOrderByIdAsc(
            T0, T0.minus(Duration.ofDays(1)), Limit.of(100));
    assertThat(givenUp()).isEqualTo(EventForwarder.GIVE_UP_CHUNK + 1);

    // Nothing more waited: not looked for again before retry-max-backoff.
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    forwarder.forward();
    verify(events, times(2)).findUnsentBefore(any(), any());
    clock.advance(Duration.ofMillis(1));
    forwarder.forward();
    verify(events, times(3)).findUnsentBefore(any(), any());
  }

  @Test
  void aGiveUpThatFailsDoesNotStopTheRound() {
    when(events.findUnsentBefore(any(), any()))
        .thenThrow(new DataAccessResourceFailureException("lock wait timeout"));
    ClusterEventEntity due =
        new ClusterEventEntity(
            "id-due",
            "run-1",
            "CLUSTER_CREATED",
            EventSeverity.INFO,
            ClusterEventEntity.Source.CONTROL_PLANE,
            "Cluster created",
            "u@example.com",
            null,
            null,
            null,
            T0.minusSeconds(1));
    when(events
            .findByForwardedFalseAndNextForwardAtLessThanEqualAndCreatedAtGreaterThanEqualOrderByIdAsc(
                any(), any(), any()))
        .thenReturn(List.of(due));

    forwarder.forward();

    assertThat(sink.received).hasSize(1);
    assertThat(sink.received.get(0).get("cluster_id")).isEqualTo("id-due");
    assertThat(givenUp()).isZero();
  }

  private static Limit limitOfAChunk() {
    return Limit.of(EventForwarder.GIVE_UP_CHUNK);
  }
}
