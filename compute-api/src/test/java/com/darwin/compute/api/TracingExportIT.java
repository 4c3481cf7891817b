package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With trace export on, requests are traced and their spans reach the OTLP endpoint: what {@code
 * UnexportedTracingFilter} leaves out while export is off is all there when it is on. The endpoint
 * is a bare HTTP server that keeps what is posted to it (OTLP/HTTP bodies are protobuf, in which a
 * span's name and attributes are plain UTF-8).
 */
@OwnContext
class TracingExportIT extends ApiIntegrationTest {

  private static HttpServer collector;
  private static final List<byte[]> exported = new CopyOnWriteArrayList<>();

  @Autowired ApplicationContext context;

  @DynamicPropertySource
  static void export(DynamicPropertyRegistry registry) throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          exported.add(exchange.getRequestBody().readAllBytes());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    registry.add("management.tracing.export.enabled", () -> "true");
    registry.add("management.tracing.sampling.probability", () -> "1.0");
    registry.add(
        "management.opentelemetry.tracing.export.otlp.endpoint",
        () -> "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
  }

  @AfterAll
  static void stopCollector() {
    collector.stop(0);
  }

  @Test
  void aRequestsSpanIsExportedWhenExportIsOn() {
    assertThat(context.getBean(Tracer.class)).isNotSameAs(Tracer.NOOP);
    assertThat(context.getBeansOfType(TracingObservationHandler.class)).isNotEmpty();

    String missing = "id-" + Long.toString(System.nanoTime(), 36);
    assertThat(api.get("/cluster/" + missing + "/metadata").status()).isEqualTo(404);

    // Spans leave in batches, a few seconds apart.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(exported)
                    .anySatisfy(
                        body ->
                            assertThat(new String(body, StandardCharsets.ISO_8859_1))
                                .contains("/cluster/{clusterId}/metadata")
                                .contains("404")));
  }
}
