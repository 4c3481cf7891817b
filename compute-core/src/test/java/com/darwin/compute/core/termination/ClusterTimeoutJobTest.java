package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.config.SlackProperties;
import com.darwin.compute.core.config.TimeoutProperties;
import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertMessages;
import com.darwin.compute.core.notify.AlertService;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The timeout job decides from one read which clusters are due and stops them afterwards; what
 * happens to a cluster in between (it comes up, it is stopped and started again) wins over that
 * verdict. The service double plays the stop's transaction: it hands the job's predicate the row as
 * it is by then, and stops the cluster only if the predicate still holds.
 */
class ClusterTimeoutJobTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration CREATION = Duration.ofMinutes(40);
  private static final Duration DEAD = Duration.ofMinutes(30);
  private static final Instant NOW = T0.plus(Duration.ofHours(2));

  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final ClusterService service = mock(ClusterService.class);
  private final AlertService alerts = mock(AlertService.class);
  private final ClusterJobFailures failures =
      new ClusterJobFailures(
          alerts,
          new StaticListableBeanFactory(Map.of("meters", new SimpleMeterRegistry()))
              .getBeanProvider(MeterRegistry.class));
  private final ClusterTimeoutJob job =
      new ClusterTimeoutJob(
          clusters,
          service,
          new TimeoutProperties(CREATION, DEAD, Duration.ofMinutes(1)),
          alerts,
          new AlertMessages(new SlackProperties(null, null, null, null, "test")),
          Clock.fixed(NOW, ZoneOffset.UTC),
          failures);

  /** Started at T0 in run {@code runId} and, if given, moved to {@code status} at {@code at}. */
  private static ClusterEntity started(String runId, ClusterStatus status, Instant at) {
    return started("id-c", runId, status, at);
  }

  private static ClusterEntity started(
      String clusterId, String runId, ClusterStatus status, Instant at) {
    ClusterEntity cluster =
        new ClusterEntity(
            clusterId, "c", "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
    cluster.markStarting(runId, T0);
    if (status != null) {
      cluster.changeStatus(status, null, at);
    }
    return cluster;
  }

  /** Clusters started at T0 in run-1, still creating. */
  private static List<ClusterEntity> creating(String... clusterIds) {
    return Arrays.stream(clusterIds).map(id -> started(id, "run-1", null, null)).toList();
  }

  /**
   * The sweep reads {@code judged}; by the time of the stop the row is {@code current} (changed by
   * {@code meanwhile}). Answers the clusters stopped.
   */
  private List<ClusterEntity> sweepWhile(
      ClusterEntity judged, UnaryOperator<ClusterEntity> meanwhile) {
    when(clusters.findRunningIn(any())).thenReturn(List.of(judged));
    List<ClusterEntity> stopped = new ArrayList<>();
    when(service.stopAll(anyCollection(), any(), any(), any(), any()))
        .thenAnswer(
            call -> {
              Collection<String> ids = call.getArgument(0);
              Predicate<ClusterEntity> stillDue = call.getArgument(4);
              assertThat(ids).containsExactly(judged.getClusterId());
              ClusterEntity current = meanwhile.apply(judged);
              if (stillDue.test(current)) {
                current.markStopped(NOW);
                stopped.add(current);
              }
              return List.copyOf(stopped);
            });
    job.sweep();
    return stopped;
  }

  @SuppressWarnings("unchecked")
  private List<Alert> alertsSent() {
    ArgumentCaptor<List<Alert>> sent = ArgumentCaptor.forClass(List.class);
    verify(alerts).send(sent.capture());
    return sent.getValue();
  }

  @Test
  void aClusterStillCreatingWhenStoppedIsTimedOut() {
    ClusterEntity creating = started("run-1", null, null);

    List<ClusterEntity> stopped = sweepWhile(creating, judged -> judged);

    assertThat(stopped).hasSize(1);
    verify(service)
        .stopAll(
            eq(List.of("id-c")),
            eq(ClusterTimeoutJob.TIMEOUT_JOB),
            eq(TimelineAction.TIMED_OUT),
            any(),
            any());
    assertThat(alertsSent()).hasSize(1);
  }

  @Test
  void aClusterThatCameUpAfterTheSweepReadItIsNotTimedOut() {
    ClusterEntity creating = started("run-1", null, null);

    List<ClusterEntity> stopped =
        sweepWhile(
            creating,
            judged -> {
              ClusterEntity current = started("run-1", null, null);
              current.changeStatus(ClusterStatus.ACTIVE, null, NOW.minusSeconds(1));
              return current;
            });

    assertThat(stopped).isEmpty();
    assertThat(alertsSent()).isEmpty();
  }

  @Test
  void aClusterStoppedAndStartedAgainAfterTheSweepReadItIsNotTimedOut() {
    ClusterEntity creating = started("run-1", null, null);

    List<ClusterEntity> stopped =
        sweepWhile(
            creating,
            judged -> {
              ClusterEntity current = started("run-1", null, null);
              current.markStopped(NOW.minusSeconds(2));
              current.markStarting("run-2", NOW.minusSeconds(1));
              return current;
            });

    assertThat(stopped).isEmpty();
    assertThat(alertsSent()).isEmpty();
  }

  @Test
  void aDeadClusterThatCameBackAfterTheSweepReadItIsNotStopped() {
    ClusterEntity dead = started("run-1", ClusterStatus.CLUSTER_DIED, T0.plusSeconds(60));

    List<ClusterEntity> stopped =
        sweepWhile(
            dead,
            judged -> {
              ClusterEntity current =
                  started("run-1", ClusterStatus.CLUSTER_DIED, T0.plusSeconds(60));
              current.changeStatus(ClusterStatus.ACTIVE, null, NOW.minusSeconds(1));
              return current;
            });

    assertThat(stopped).isEmpty();
    assertThat(alertsSent()).isEmpty();
  }

  @Test
  void aDeadClusterStillDeadWhenStoppedIsStoppedByTheDeadClusterJob() {
    ClusterEntity dead = started("run-1", ClusterStatus.CLUSTER_DIED, T0.plusSeconds(60));

    List<ClusterEntity> stopped = sweepWhile(dead, judged -> judged);

    assertThat(stopped).hasSize(1);
    verify(service)
        .stopAll(
            anyList(),
            eq(ClusterTimeoutJob.DEAD_CLUSTER_JOB),
            eq(TimelineAction.CLUSTER_INACTIVE),
            any(),
            any());
    assertThat(alertsSent()).hasSize(1);
  }

  @Test
  void clustersDueForOneTimeoutAreStoppedInOneCallEachJudgedByItsOwnRow() {
    List<ClusterEntity> creating = creating("id-a", "id-b", "id-c");
    List<ClusterEntity> dead =
        List.of(
            started("id-d", "run-1", ClusterStatus.CLUSTER_DIED, T0.plusSeconds(60)),
            started("id-e", "run-1", ClusterStatus.CLUSTER_DIED, T0.plusSeconds(60)));
    List<ClusterEntity> all = new ArrayList<>(creating);
    all.addAll(dead);
    when(clusters.findRunningIn(any())).thenReturn(all);
    // By the time of the stop, id-b came up and id-e was started again: no longer due.
    ClusterEntity cameUp = started("id-b", "run-1", null, null);
    cameUp.changeStatus(ClusterStatus.ACTIVE, null, NOW.minusSeconds(1));
    ClusterEntity startedAgain = started("id-e", "run-2", null, null);
    Map<String, ClusterEntity> current = new HashMap<>();
    all.forEach(c -> current.put(c.getClusterId(), c));
    current.put("id-b", cameUp);
    current.put("id-e", startedAgain);
    List<List<String>> calls = new ArrayList<>();
    when(service.stopAll(anyCollection(), any(), any(), any(), any()))
        .thenAnswer(
            call -> {
              Collection<String> ids = call.getArgument(0);
              Predicate<ClusterEntity> stillDue = call.getArgument(4);
              calls.add(List.copyOf(ids));
              return ids.stream().map(current::get).filter(stillDue).toList();
            });

    job.sweep();

    assertThat(calls).containsExactly(List.of("id-d", "id-e"), List.of("id-a", "id-b", "id-c"));
    verify(service)
        .stopAll(
            eq(List.of("id-d", "id-e")),
            eq(ClusterTimeoutJob.DEAD_CLUSTER_JOB),
            eq(TimelineAction.CLUSTER_INACTIVE),
            any(),
            any());
    verify(service)
        .stopAll(
            eq(List.of("id-a", "id-b", "id-c")),
            eq(ClusterTimeoutJob.TIMEOUT_JOB),
            eq(TimelineAction.TIMED_OUT),
            any(),
            any());
    assertThat(alertsSent()).extracting(Alert::clusterId).containsExactly("id-d", "id-a", "id-c");
  }

  /** Sweeps over these clusters while every stop fails for want of a database. */
  private void sweepWhileTheDatabaseIsOut(List<ClusterEntity> due) {
    when(clusters.findRunningIn(any())).thenReturn(due);
    when(service.stopAll(anyCollection(), any(), any(), any(), any()))
        .thenThrow(new DataAccessResourceFailureException("connection refused"));
    job.sweep();
  }

  @Test
  void whenTheDatabaseIsOutTheClustersAreLeftToTheNextSweepNotTriedOneByOne() {
    sweepWhileTheDatabaseIsOut(creating("id-a", "id-b"));

    verify(service, times(1)).stopAll(anyCollection(), any(), any(), any(), any());
    assertThat(failures.count(ClusterTimeoutJob.JOB)).isZero();
    assertThat(alertsSent()).isEmpty();
  }

  @Test
  void aLoneClusterDueWhileTheDatabaseIsOutIsNotCountedAsItsFailure() {
    sweepWhileTheDatabaseIsOut(creating("id-a"));

    verify(service, times(1)).stopAll(anyCollection(), any(), any(), any(), any());
    assertThat(failures.count(ClusterTimeoutJob.JOB)).isZero();
    assertThat(alertsSent()).isEmpty();
  }

  @Test
  void whenTheDatabaseGoesOutWhileTheyAreStoppedOneByOneTheRestWaitForTheNextSweep() {
    when(clusters.findRunningIn(any())).thenReturn(creating("id-a", "id-b", "id-c"));
    List<List<String>> calls = new ArrayList<>();
    when(service.stopAll(anyCollection(), any(), any(), any(), any()))
        .thenAnswer(
            call -> {
              Collection<String> ids = call.getArgument(0);
              calls.add(List.copyOf(ids));
              if (ids.size() > 1) {
                throw new IllegalStateException("one of them cannot be stopped");
              }
              throw new DataAccessResourceFailureException("connection refused");
            });

    job.sweep();

    assertThat(calls).containsExactly(List.of("id-a", "id-b", "id-c"), List.of("id-a"));
    assertThat(failures.count(ClusterTimeoutJob.JOB)).isZero();
    assertThat(alertsSent()).isEmpty();
  }

  @Test
  void whenStoppingThemTogetherFailsEachIsStoppedOnItsOwnAndOneFailureKeepsNoOtherRunning() {
    List<ClusterEntity> creating = creating("id-a", "id-b", "id-c");
    when(clusters.findRunningIn(any())).thenReturn(creating);
    List<List<String>> calls = new ArrayList<>();
    when(service.stopAll(anyCollection(), any(), any(), any(), any()))
        .thenAnswer(
            call -> {
              Collection<String> ids = call.getArgument(0);
              Predicate<ClusterEntity> stillDue = call.getArgument(4);
              calls.add(List.copyOf(ids));
              if (ids.size() > 1 || ids.contains("id-b")) {
                throw new IllegalStateException("cannot stop id-b");
              }
              return creating.stream()
                  .filter(c -> ids.contains(c.getClusterId()) && stillDue.test(c))
                  .toList();
            });

    job.sweep();

    assertThat(calls)
        .containsExactly(
            List.of("id-a", "id-b", "id-c"), List.of("id-a"), List.of("id-b"), List.of("id-c"));
    assertThat(failures.count(ClusterTimeoutJob.JOB)).isEqualTo(1.0);
    // The failure's own alert, then the sweep's: the two clusters stopped.
    @SuppressWarnings("unchecked")
    ArgumentCaptor<List<Alert>> sent = ArgumentCaptor.forClass(List.class);
    verify(alerts, times(2)).send(sent.capture());
    assertThat(sent.getAllValues().get(1))
        .extracting(Alert::clusterId)
        .containsExactly("id-a", "id-c");
  }
}
