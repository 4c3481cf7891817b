package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              status = 503;
            } else {
              received.add(mapper.readTree(new String(body, StandardCharsets.UTF_8)));
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
