package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing watches, as an application context does when it stops its informers, must not stall the
 * mock API server for the other clients. Without {@link OffLoopWatchClose} the second test fails: a
 * read waits out the client's 10 s timeout while an event loop waits for a watch's sender.
 */
class MockWatchCloseTest {

  @Test
  @Timeout(30)
  void theEndOfAWatchIsHandledOffTheCallersThreadAfterItLeavesTheServersList() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(2);
    WebSocketListener slow =
        new WebSocketListener() {
          @Override
          public void onClosed(WebSocket webSocket, int code, String reason) {
            await(release);
            ended.countDown();
          }

          @Override
          public void onFailure(
              WebSocket webSocket,
              Throwable failure,
              io.fabric8.mockwebserver.http.Response response) {
            await(release);
            ended.countDown();
          }
        };
    var endings = Executors.newCachedThreadPool();
    try {
      AtomicInteger unregistered = new AtomicInteger();
      OffLoopWatchClose listener =
          new OffLoopWatchClose(slow, unregistered::incrementAndGet, endings);
      long begin = System.nanoTime();
      listener.onClosed(null, 1000, "done");
      listener.onFailure(null, new IllegalStateException("reset"), null);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(1000);
      // Off the server's list before the caller returns: no event is handed to a closing watch.
      assertThat(unregistered).hasValue(2);

      release.countDown();
      assertThat(ended.await(10, TimeUnit.SECONDS)).as("the delegate still ends").isTrue();
    } finally {
      endings.shutdownNow();
    }
  }

  @Test
  @Timeout(120)
  void closingWatchesWhileEventsFlowLeavesTheServerAnswering() throws Exception {
    MockKubernetesApi api = MockKubernetesApi.startWith(java.util.Optional.empty());
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong slowest = new AtomicLong();
    AtomicInteger written = new AtomicInteger();
    AtomicLong slowestWrite = new AtomicLong();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (KubernetesClient writer = api.newClient();
        KubernetesClient reader = api.newClient()) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        String big = "x".repeat(20_000);
        writers.add(
            new Thread(
                () -> {
                  try {
                    for (int i = 0; writing.get(); i++) {
                      ConfigMap map =
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withName("cm-" + thread + "-" + (i % 20))
                              .withNamespace("ray")
                              .endMetadata()
                              .withData(Map.of("i", Integer.toString(i), "big", big))
                              .build();
                      long begin = System.nanoTime();
                      writer
                          .configMaps()
                          .inNamespace("ray")
                          .resource(map)
                          .createOr(c -> c.update());
                      slowestWrite.accumulateAndGet(
                          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), Math::max);
                      written.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    failures.add(e);
                  }
                }));
      }
      writers.forEach(Thread::start);
      for (int round = 0; round < 10; round++) {
        List<KubernetesClient> watchers = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
          KubernetesClient client = api.newClient();
          watchers.add(client);
          watches.add(client.configMaps().inNamespace("ray").watch(new Ignoring()));
        }
        Thread.sleep(300);
        watches.forEach(Watch::close);
        watchers.forEach(KubernetesClient::close);
        // Reads on fresh connections for a while after the closes: each must be answered promptly.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until) {
          try (KubernetesClient probe = api.newClient()) {
            long begin = System.nanoTime();
            probe.configMaps().inNamespace("ray").withName("cm-0-0").get();
            slowest.accumulateAndGet(
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), Math::max);
          }
        }
      }
      writing.set(false);
      for (Thread w : writers) {
        w.join(10_000);
      }
    } finally {
      writing.set(false);
      api.close();
    }
    assertThat(slowest.get()).as("slowest read after closing watches (ms)").isLessThan(5_000);
    // The load was there all along, and every write was answered (none lost to a closing watch).
    assertThat(failures).as("writers' failures").isEmpty();
    assertThat(written.get()).as("writes during the closes").isGreaterThan(100);
    assertThat(slowestWrite.get()).as("slowest write (ms)").isLessThan(5_000);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Ignoring implements Watcher<ConfigMap> {
    @Override
    public void eventReceived(Action action, ConfigMap resource) {}

    @Override
    public void onClose(WatcherException cause) {}
  }
}
