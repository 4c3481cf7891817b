package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.timeline.TimelineAction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.OptimisticLockingFailureException;

class IdleClusterStopsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private final ClusterService service = mock(ClusterService.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ClusterJobFailures failures =
      new ClusterJobFailures(
          mock(AlertService.class),
          new StaticListableBeanFactory(Map.of("meters", meters))
              .getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
  private final IdleClusterStops stops = new IdleClusterStops(service, failures);

  private static ClusterEntity cluster(String id) {
    return new ClusterEntity(id, id, "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
  }

  private static Map<String, ClusterEntity> idle(String... ids) {
    Map<String, ClusterEntity> idle = new LinkedHashMap<>();
    for (String id : ids) {
      idle.put(id, cluster(id));
    }
    return idle;
  }

  @Test
  void allAreStoppedTogetherAndTheAnswerIsTheClustersAsTheSweepReadThem() {
    Map<String, ClusterEntity> idle = idle("a", "b", "c");
    // "b" was stopped by someone else meanwhile: the batch leaves it out.
    when(service.stopAll(anyCollection(), any(), eq(TimelineAction.AUTO_TERMINATED), any(), any()))
        .thenReturn(List.of(cluster("a"), cluster("c")));

    List<ClusterEntity> stopped = stops.stop(idle);

    assertThat(stopped).containsExactly(idle.get("a"), idle.get("c"));
  }

  @Test
  void theBatchStopsOnlyClustersStillAsTheSweepJudgedThem() {
    Map<String, ClusterEntity> idle = idle("a");
    when(service.stopAll(anyCollection(), any(), any(), any(), any())).thenReturn(List.of());
    stops.stop(idle);
    ArgumentCaptor<Predicate<ClusterEntity>> stillDue = ArgumentCaptor.captor();
    verify(service).stopAll(anyCollection(), any(), any(), any(), stillDue.capture());

    assertThat(stillDue.getValue().test(cluster("a"))).isTrue();
    ClusterEntity keptAlive = cluster("a");
    keptAlive.touchUsed(T0.plusSeconds(5));
    assertThat(stillDue.getValue().test(keptAlive)).isFalse();
    ClusterEntity startedAgain = cluster("a");
    startedAgain.markStarting("run-2", T0);
    assertThat(stillDue.getValue().test(startedAgain)).isFalse();
    // Edited in place while the probes ran (here: never to be auto-terminated): judged again.
    ClusterEntity edited = cluster("a");
    edited.replaceSpec("a", "0.0", null, false, -1, T0.plusSeconds(2));
    assertThat(stillDue.getValue().test(edited)).isFalse();
  }

  @Test
  void whenTheBatchFailsEachIsStoppedOnItsOwnAndOneFailureStopsNoOther() {
    Map<String, ClusterEntity> idle = idle("a", "b", "c", "d");
    doThrow(new OptimisticLockingFailureException("b changed"))
        .when(service)
        .stopAll(anyCollection(), any(), any(), any(), any());
    for (String id : List.of("a", "d")) {
      doReturn(List.of(cluster(id)))
          .when(service)
          .stopAll(eq(List.of(id)), any(), any(), any(), any());
    }
    doThrow(new ClusterConflictException("Cluster b is already stopped"))
        .when(service)
        .stopAll(eq(List.of("b")), any(), any(), any(), any());
    doThrow(new IllegalStateException("a poison spec"))
        .when(service)
        .stopAll(eq(List.of("c")), any(), any(), any(), any());

    List<ClusterEntity> stopped = stops.stop(idle);

    assertThat(stopped).containsExactly(idle.get("a"), idle.get("d"));
    ArgumentCaptor<Function<ClusterEntity, String>> message = ArgumentCaptor.captor();
    verify(service)
        .stopAll(
            eq(List.of("d")),
            eq(IdleClusterStops.AUTO_TERMINATION),
            eq(TimelineAction.AUTO_TERMINATED),
            message.capture(),
            any());
    assertThat(message.getValue().apply(cluster("d")))
        .isEqualTo(IdleClusterStops.reason(idle.get("d")));
    // The unexpected failure is recorded for the job; the expected conflict is not.
    assertThat(meters.find(ClusterJobFailures.METRIC).counter().count()).isEqualTo(1.0);
  }

  @Test
  void nothingIdleSendsNothing() {
    assertThat(stops.stop(Map.of())).isEmpty();
    verify(service, never()).stopAll(anyCollection(), any(), any(), any(), any());
  }

  @Test
  void theTimelineMessageNamesTheLastUseAndTheInactiveTime() {
    ClusterEntity cluster = cluster("a");
    assertThat(IdleClusterStops.reason(cluster))
        .isEqualTo(
            "Cluster terminated due to inactivity (last used "
                + cluster.getLastUsedAt()
                + ", inactive time 30 minutes)");
  }
}
