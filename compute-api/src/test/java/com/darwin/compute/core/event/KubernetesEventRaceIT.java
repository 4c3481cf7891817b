package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.core.kube.KubernetesEventObservation;
import com.darwin.compute.core.kube.KubernetesEventWatcher;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.core.store.TimelineRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every replica watches the same Kubernetes events and stores them: two that both read an event as
 * new race to insert it, and the unique key keeps one copy. The loser's batch is stored without it,
 * in the same few statements, not failed and then stored again one event at a time.
 */
class KubernetesEventRaceIT extends ApiIntegrationTest {

  @Autowired ClusterEventRepository events;
  @Autowired ClusterRepository clusters;
  @Autowired TimelineRows rows;
  @Autowired TransactionTemplate tx;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired Clock clock;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aBatchWithAnEventAnotherReplicaStoredMeanwhileIsStoredWithoutItInOneGo()
      throws InterruptedException {
    String id = create(ClusterRequests.stoppedQuickStart(unique("k8s-race")));
    String tag = Long.toString(System.nanoTime(), 36);
    KubernetesEventObservation raced = observation(id, "uid-raced-" + tag + ":1");
    KubernetesEventObservation fresh = observation(id, "uid-fresh-" + tag + ":1");
    KubernetesEventObservation another = observation(id, "uid-another-" + tag + ":1");
    // The other replica's copy, committed after this one read the keys (which it then missed).
    KubernetesEventRecorder other = recorder(events);
    KubernetesEventRecorder late = recorder(readingBeforeTheOtherCommitted());
    int statements;
    try {
      other.record(List.of(raced));
      SqlStatementCounter.start();
      try {
        late.record(List.of(raced, fresh, another));
      } finally {
        statements = SqlStatementCounter.stop();
      }
    } finally {
      // Their drain threads.
      other.destroy();
      late.destroy();
    }

    for (KubernetesEventObservation o : List.of(raced, fresh, another)) {
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM cluster_events WHERE external_key = ?",
                  Integer.class,
                  o.key()))
          .as(o.key())
          .isEqualTo(1);
    }
    // The clusters, then the insert (the keys' read is the stub's): no second try per event.
    assertThat(statements).isEqualTo(2);
  }

  private static KubernetesEventObservation observation(String clusterId, String key) {
    return new KubernetesEventObservation(
        clusterId,
        key,
        "Normal",
        "Scheduled",
        "Successfully assigned a pod",
        "Pod",
        clusterId + "-head",
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private KubernetesEventRecorder recorder(ClusterEventRepository repository) {
    return new KubernetesEventRecorder(
        mock(KubernetesEventWatcher.class),
        repository,
        clusters,
        rows,
        tx,
        publisher,
        new SimpleMeterRegistry(),
        KubernetesEventRecorder.PENDING_LIMIT,
        clock);
  }

  /** The repository, but its read of the stored keys finds none, as before the other's commit. */
  private ClusterEventRepository readingBeforeTheOtherCommitted() {
    return (ClusterEventRepository)
        Proxy.newProxyInstance(
            ClusterEventRepository.class.getClassLoader(),
            new Class<?>[] {ClusterEventRepository.class},
            (proxy, method, args) -> {
              if (method.getName().equals("findExternalKeysIn")) {
                return List.of();
              }
              try {
                return method.invoke(events, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
