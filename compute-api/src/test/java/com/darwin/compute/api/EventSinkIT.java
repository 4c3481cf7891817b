package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.event.EventForwarder;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.model.event.EventSeverity;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event is forwarded to the external event service in the Chronos shape; a failing service is
 * retried and never blocks a request.
 */
// Its own sink settings make its own application context; closed after the class, so it does not
// keep forwarding (to a stopped stub) and reconciling beside the shared context's tests.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventSinkIT extends ApiIntegrationTest {

  static final List<JsonNode> received = new CopyOnWriteArrayList<>();
  static final List<String> sources = new CopyOnWriteArrayList<>();
  static final AtomicInteger failuresLeft = new AtomicInteger();

  /** Events the service refused (400): those of clusters whose id starts with {@code refused-}. */
  static final List<String> refused = new CopyOnWriteArrayList<>();

  static final HttpServer chronos = startChronos();

  private static HttpServer startChronos() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      JsonMapper mapper = JsonMapper.builder().build();
      server.createContext(
          "/api/v1/event",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = 200;
            JsonNode event = mapper.readTree(new String(body, StandardCharsets.UTF_8));
            if (event.get("cluster_id").asString().startsWith("refused-")) {
              status = 400;
              refused.add(event.get("cluster_id").asString());
            } else if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              status = 503;
            } else {
              received.add(event);
              sources.add(exchange.getRequestHeaders().getFirst("x-event-source"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void sink(DynamicPropertyRegistry registry) {
    registry.add(
        "compute.events.sink.url", () -> "http://127.0.0.1:" + chronos.getAddress().getPort());
    registry.add("compute.events.sink.interval", () -> "200ms");
    registry.add("compute.events.sink.retry-initial-backoff", () -> "100ms");
    registry.add("compute.events.sink.retry-max-backoff", () -> "500ms");
    registry.add("compute.events.sink.max-age", () -> MAX_AGE.toString());
  }

  static final Duration MAX_AGE = Duration.ofHours(1);

  @Autowired ClusterEventRepository events;
  @Autowired MeterRegistry meters;

  @Test
  void anEventStillUnsentAtItsMaximumAgeIsGivenUpNotSent() {
    // Recorded while forwarding was off, two hours ago: turning it on does not replay it.
    String id = unique("stale");
    double givenUpBefore = givenUp();
    ClusterEventEntity stale = events.save(event(id, Instant.now().minus(Duration.ofHours(2))));
    ClusterEventEntity fresh = events.save(event(id, Instant.now()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> events.findById(stale.getId()).orElseThrow().isForwarded());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> events.findById(fresh.getId()).orElseThrow().isForwarded());
    assertThat(
            received.stream()
                .filter(e -> id.equals(e.get("cluster_id").asString()))
                .map(e -> e.get("timestamp").asString())
                .toList())
        .containsExactly(fresh.getCreatedAt().toString());
    assertThat(givenUp()).isGreaterThanOrEqualTo(givenUpBefore + 1);
  }

  @Test
  void anEventTheServiceRefusesIsRetriedUntilItsMaximumAgeThenGivenUp() {
    String id = "refused-" + unique("c");
    ClusterEventEntity event =
        events.save(event(id, Instant.now().minus(MAX_AGE).plus(Duration.ofSeconds(10))));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> events.findById(event.getId()).orElseThrow().isForwarded());
    long attempts = refused.stream().filter(id::equals).count();
    // Refused and tried again while it was young enough (backoff 100 ms to 500 ms over 10 s)...
    assertThat(attempts).isGreaterThan(1);
    assertThat(events.findById(event.getId()).orElseThrow().getForwardAttempts()).isGreaterThan(1);
    // ...and never again once given up: three retry intervals pass without a try.
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> refused.stream().filter(id::equals).count() == attempts);
  }

  private static ClusterEventEntity event(String clusterId, Instant at) {
    return new ClusterEventEntity(
            clusterId,
            null,
            "CLUSTER_CREATED",
            EventSeverity.INFO,
            ClusterEventEntity.Source.CONTROL_PLANE,
            "Cluster created",
            "user@example.com",
            null,
            null,
            null,
            at.truncatedTo(ChronoUnit.MILLIS))
        .withClusterName(clusterId);
  }

  private double givenUp() {
    Counter counter = meters.find(EventForwarder.GIVEN_UP).counter();
    return counter == null ? 0 : counter.count();
  }

  @AfterAll
  static void stopChronos() {
    chronos.stop(0);
  }

  @Test
  void lifecycleEventsReachTheEventServiceDespiteFailures() {
    failuresLeft.set(3);
    String id = create(ClusterRequests.quickStart(unique("sink")));
    awaitStatus(id, "active");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        received.stream()
                            .filter(e -> id.equals(e.get("cluster_id").asString()))
                            .map(e -> e.get("event_type").asString())
                            .toList())
                    .containsSubsequence(
                        "CLUSTER_CREATED",
                        "CLUSTER_START_REQUEST_RECEIVED",
                        "HEAD_NODE_UP",
                        "CLUSTER_READY"));
    JsonNode ready =
        received.stream()
            .filter(e -> id.equals(e.get("cluster_id").asString()))
            .filter(e -> "CLUSTER_READY".equals(e.get("event_type").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(ready.get("session_id").asString()).startsWith("run_id-");
    assertThat(ready.get("timestamp").asString()).isNotBlank();
    assertThat(ready.get("message").asString()).isEqualTo("Cluster is running");
    assertThat(sources).allMatch("compute"::equals);
    assertThat(failuresLeft.get()).isZero();
    // Each event once, even though the service failed three times.
    assertThat(
            received.stream()
                .filter(e -> id.equals(e.get("cluster_id").asString()))
                .filter(e -> "CLUSTER_CREATED".equals(e.get("event_type").asString()))
                .count())
        .isEqualTo(1);
  }
}
