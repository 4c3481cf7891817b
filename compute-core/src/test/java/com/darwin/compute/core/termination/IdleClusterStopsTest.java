package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
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
import org.junit.jupiter.api.Test;
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
    when(service.stopAll(anyCollection(), any(), eq(TimelineAction.AUTO_TERMINATED), any()))
        .thenReturn(List.of(cluster("a"), cluster("c")));

    List<ClusterEntity> stopped = stops.stop(idle);

    assertThat(stopped).containsExactly(idle.get("a"), idle.get("c"));
    verify(service, never()).stop(any(), any(), any(), any());
  }

  @Test
  void whenTheBatchFailsEachIsStoppedOnItsOwnAndOneFailureStopsNoOther() {
    Map<String, ClusterEntity> idle = idle("a", "b", "c", "d");
    when(service.stopAll(anyCollection(), any(), any(), any()))
        .thenThrow(new OptimisticLockingFailureException("b changed"));
    when(service.stop(eq("b"), any(), any(), any()))
        .thenThrow(new ClusterConflictException("Cluster b is already stopped"));
    when(service.stop(eq("c"), any(), any(), any()))
        .thenThrow(new IllegalStateException("a poison spec"));

    List<ClusterEntity> stopped = stops.stop(idle);

    assertThat(stopped).containsExactly(idle.get("a"), idle.get("d"));
    verify(service)
        .stop(
            eq("d"),
            eq(IdleClusterStops.AUTO_TERMINATION),
            eq(TimelineAction.AUTO_TERMINATED),
            eq(IdleClusterStops.reason(idle.get("d"))));
    // The unexpected failure is recorded for the job; the expected conflict is not.
    assertThat(meters.find(ClusterJobFailures.METRIC).counter().count()).isEqualTo(1.0);
  }

  @Test
  void nothingIdleSendsNothing() {
    assertThat(stops.stop(Map.of())).isEmpty();
    verify(service, never()).stopAll(anyCollection(), any(), any(), any());
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
