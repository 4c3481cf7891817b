package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingTransactions;
import com.darwin.compute.core.domain.ClusterChanged;
import com.darwin.compute.core.kube.KubernetesEventObservation;
import com.darwin.compute.core.kube.KubernetesEventWatcher;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.TimelineRows;
import com.darwin.compute.model.event.ClusterEventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

class KubernetesEventRecorderTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private final ClusterEventRepository events = mock(ClusterEventRepository.class);
  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final TimelineRows rows = mock(TimelineRows.class);
  private final TransactionTemplate tx = TestingTransactions.immediate();
  private final ApplicationEventPublisher publisher = mock(ApplicationEventPublisher.class);
  private final KubernetesEventWatcher watcher = mock(KubernetesEventWatcher.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final KubernetesEventRecorder recorder =
      new KubernetesEventRecorder(
          watcher,
          events,
          clusters,
          rows,
          tx,
          publisher,
          meters,
          100,
          Clock.fixed(T0, ZoneOffset.UTC));

  @AfterEach
  void stop() throws InterruptedException {
    recorder.destroy();
  }

  private static KubernetesEventObservation event(String cluster, String key, String reason) {
    return new KubernetesEventObservation(
        cluster, key, "Normal", reason, "message of " + key, "Pod", cluster + "-kuberay-head", T0);
  }

  private static ClusterEntity cluster(String id) {
    ClusterEntity cluster =
        new ClusterEntity(
            id, "name-" + id, "u@example.com", "0.0", "sandbox", "ray", null, false, 30, T0);
    cluster.markStarting("run-" + id, T0);
    return cluster;
  }

  @SuppressWarnings("unchecked")
  private List<ClusterEventEntity> inserted() {
    ArgumentCaptor<List<ClusterEventEntity>> captor = ArgumentCaptor.forClass(List.class);
    verify(rows).insertEventsOnce(captor.capture());
    return captor.getValue();
  }

  @Test
  void aBurstIsStoredInOneTransactionWithOneQueryPerTableAndOneInsert() {
    // k1 is delivered twice (an informer resync), k2 is stored already, k4 is of a deleted cluster.
    when(events.findExternalKeysIn(anyCollection())).thenReturn(List.of("k2"));
    when(clusters.findAllById(anyCollection()))
        .thenReturn(List.of(cluster("id-a"), cluster("id-b")));

    recorder.record(
        List.of(
            event("id-a", "k1", "Created"),
            event("id-a", "k2", "Started"),
            event("id-b", "k3", "FailedScheduling"),
            event("id-a", "k1", "Created"),
            event("id-gone", "k4", "Created")));

    verify(tx, times(1)).executeWithoutResult(any());
    ArgumentCaptor<Collection<String>> keys = ArgumentCaptor.captor();
    verify(events).findExternalKeysIn(keys.capture());
    assertThat(keys.getValue()).containsExactly("k1", "k2", "k3", "k4");
    ArgumentCaptor<Iterable<String>> ids = ArgumentCaptor.captor();
    verify(clusters).findAllById(ids.capture());
    assertThat(ids.getValue()).containsExactly("id-a", "id-b", "id-gone");

    List<ClusterEventEntity> stored = inserted();
    assertThat(stored).extracting(ClusterEventEntity::getClusterId).containsExactly("id-a", "id-b");
    assertThat(stored)
        .extracting(ClusterEventEntity::getEventType)
        .containsExactly(
            ClusterEventType.KUBERNETES_EVENT.name(),
            ClusterEventType.POD_FAILED_SCHEDULING.name());
    assertThat(stored.get(0).getRunId()).isEqualTo("run-id-a");
    assertThat(stored.get(0).getClusterName()).isEqualTo("name-id-a");
    assertThat(stored.get(0).getMessage()).isEqualTo("Created: message of k1");
    // Neither is ever sent to Chronos: stored as done, so the forwarder never reads them.
    assertThat(stored).allMatch(ClusterEventEntity::isForwarded);
    verify(publisher, never()).publishEvent(any(Object.class));
    verify(rows, never()).insertOutbox(anyList(), any());
  }

  @Test
  void anInvalidSpecBecomesTheStatusMessageAndWakesTheCluster() {
    ClusterEntity cluster = cluster("id-a");
    when(events.findExternalKeysIn(anyCollection())).thenReturn(List.of());
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster));

    recorder.record(List.of(event("id-a", "k1", "InvalidRayClusterSpec")));

    assertThat(cluster.getStatusMessage()).contains("k1");
    // Re-indexed in the same transaction, as every other change of a row the document shows.
    verify(rows).insertOutbox(List.of("id-a"), T0);
    verify(publisher).publishEvent(new ClusterChanged("id-a"));
    // Inserted strictly: a copy another replica stored meanwhile fails the batch rather than
    // write the status message a second time.
    ArgumentCaptor<List<ClusterEventEntity>> stored = ArgumentCaptor.captor();
    verify(rows).insertEvents(stored.capture());
    verify(rows, never()).insertEventsOnce(anyList());
    // Sent to Chronos as CLUSTER_START_FAILED: left for the forwarder.
    assertThat(stored.getValue()).singleElement().matches(e -> !e.isForwarded());
  }

  @Test
  void anEventTheDatabaseRefusesLosesNoOtherEvent() {
    when(events.findExternalKeysIn(anyCollection())).thenReturn(List.of());
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster("id-a")));
    // The batch's insert is refused for k1 (a value the column cannot hold); alone, k1 is
    // refused again, k2 goes in.
    doAnswer(
            call -> {
              List<ClusterEventEntity> batch = call.getArgument(0);
              if (batch.stream().anyMatch(e -> e.getMessage().contains("k1"))) {
                throw new DataIntegrityViolationException("Data too long for column message");
              }
              return null;
            })
        .when(rows)
        .insertEventsOnce(any());

    recorder.record(List.of(event("id-a", "k1", "Created"), event("id-a", "k2", "Started")));

    verify(tx, times(3)).executeWithoutResult(any());
    ArgumentCaptor<List<ClusterEventEntity>> inserts = ArgumentCaptor.captor();
    verify(rows, times(3)).insertEventsOnce(inserts.capture());
    assertThat(inserts.getAllValues().get(2))
        .extracting(ClusterEventEntity::getMessage)
        .containsExactly("Started: message of k2");
  }

  @Test
  void aDatabaseOutageKeepsAtMostTheLimitWaitingAndDropsTheRestCounted() throws Exception {
    ArgumentCaptor<Consumer<KubernetesEventObservation>> listener = ArgumentCaptor.captor();
    verify(watcher).addListener(listener.capture());
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    AtomicBoolean databaseDown = new AtomicBoolean(true);
    when(events.findExternalKeysIn(anyCollection()))
        .thenAnswer(
            call -> {
              if (databaseDown.get()) {
                // The first batch waits on the pool as a hung database makes it, then fails.
                hung.countDown();
                released.await();
                throw new DataAccessResourceFailureException("database down");
              }
              return List.of();
            });
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster("id-a")));
    listener.getValue().accept(event("id-a", "first", "Created"));
    assertThat(hung.await(10, TimeUnit.SECONDS)).isTrue();

    // Three informer resyncs of a namespace with 150 events, against a limit of 100: the first
    // 100 wait (once each), the other 50 are dropped at every resync.
    for (int resync = 0; resync < 3; resync++) {
      for (int i = 0; i < 150; i++) {
        listener.getValue().accept(event("id-a", "k" + i, "Created"));
      }
    }

    assertThat(recorder.pending()).isEqualTo(100);
    assertThat(meters.get(KubernetesEventRecorder.PENDING_METRIC).gauge().value()).isEqualTo(100);
    assertThat(meters.get(KubernetesEventRecorder.DROPPED_METRIC).functionCounter().count())
        .isEqualTo(150);

    // Back up: what waits is stored, and the next resync brings what was dropped (with the rest,
    // which the store finds stored already: left out here, where that lookup is a mock).
    databaseDown.set(false);
    released.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.pending() == 0);
    for (int i = 100; i < 150; i++) {
      listener.getValue().accept(event("id-a", "k" + i, "Created"));
    }
    ArgumentCaptor<List<ClusterEventEntity>> inserts = ArgumentCaptor.captor();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              verify(rows, atLeastOnce()).insertEventsOnce(inserts.capture());
              assertThat(
                      inserts.getAllValues().stream()
                          .flatMap(List::stream)
                          .map(ClusterEventEntity::getMessage)
                          .distinct())
                  .hasSize(150)
                  .contains("Created: message of k0", "Created: message of k149");
            });
  }

  @Test
  void anErrorOutOfOneBatchDoesNotStopTheNextFromBeingStored() {
    ArgumentCaptor<Consumer<KubernetesEventObservation>> listener = ArgumentCaptor.captor();
    verify(watcher).addListener(listener.capture());
    when(events.findExternalKeysIn(anyCollection())).thenReturn(List.of());
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster("id-a")));
    AtomicBoolean failed = new AtomicBoolean();
    doAnswer(
            call -> {
              if (failed.compareAndSet(false, true)) {
                throw new NoClassDefFoundError("a class that did not load");
              }
              return null;
            })
        .when(rows)
        .insertEventsOnce(any());

    listener.getValue().accept(event("id-a", "k1", "Created"));
    await().atMost(Duration.ofSeconds(10)).until(failed::get);
    listener.getValue().accept(event("id-a", "k2", "Started"));

    ArgumentCaptor<List<ClusterEventEntity>> inserts = ArgumentCaptor.captor();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              verify(rows, times(2)).insertEventsOnce(inserts.capture());
              assertThat(inserts.getAllValues().get(1))
                  .extracting(ClusterEventEntity::getMessage)
                  .containsExactly("Started: message of k2");
            });
  }
}
