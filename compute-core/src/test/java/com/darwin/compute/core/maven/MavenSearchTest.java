package com.darwin.compute.core.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.maven.MavenArtifacts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listing an artifact's versions against a search service that is slow to answer. */
@Timeout(60)
class MavenSearchTest {

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int delayMillis;
  private volatile int docsPerPage;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/select",
        exchange -> {
          calls.incrementAndGet();
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          StringBuilder docs = new StringBuilder();
          for (int i = 0; i < docsPerPage; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"v\":\"1.").append(i).append("\"}");
          }
          byte[] body =
              ("{\"response\":{\"numFound\":100000,\"docs\":[" + docs + "]}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private MavenSearch search(Duration timeout) {
    return new MavenSearch(
        new MavenProperties(
            "http://127.0.0.1:" + server.getAddress().getPort() + "/select",
            timeout,
            Duration.ofMinutes(10),
            100,
            200,
            5000),
        Clock.systemUTC());
  }

  @Test
  void aListThatWouldTakeLongerThanAFewTimeoutsEndsAsUnavailable() {
    // Full pages, each just within the call's timeout: 25 of them took 25 timeouts.
    delayMillis = 150;
    docsPerPage = 200;
    long start = System.nanoTime();

    assertThatThrownBy(() -> search(Duration.ofMillis(300)).versions("org.example", "big"))
        .isInstanceOf(MavenSearchUnavailableException.class)
        .hasMessageContaining("did not list every version");

    assertThat(calls.get()).isBetween(2, 1 + 2 * MavenSearch.LIST_TIMEOUTS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void concurrentMissesOfOneArtifactShareOneLoad() throws Exception {
    delayMillis = 400;
    docsPerPage = 3;
    MavenSearch search = search(Duration.ofSeconds(5));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<MavenArtifacts>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(pool.submit(() -> search.versions("org.example", "popular")));
      }
      for (Future<MavenArtifacts> answer : answers) {
        assertThat(answer.get().versions()).containsExactly("1.0", "1.1", "1.2");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(1);
  }
}
