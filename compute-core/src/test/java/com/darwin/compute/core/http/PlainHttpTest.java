package com.darwin.compute.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that sends its headers and part of a body, then nothing: the JDK client's request
 * timeout has ended with the headers, so only these deadlines end the wait.
 */
@Timeout(30)
class PlainHttpTest {

  private HttpServer server;
  private final CountDownLatch released = new CountDownLatch(1);
  private final HttpClient client = PlainHttp.client(Duration.ofSeconds(2));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/stalls",
        exchange -> {
          exchange.sendResponseHeaders(200, 1_000);
          OutputStream body = exchange.getResponseBody();
          body.write("the first part".getBytes(StandardCharsets.UTF_8));
          body.flush();
          try {
            released.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.createContext(
        "/answers",
        exchange -> {
          byte[] body = "whole".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    // 64 KiB of JSON-ish text, with its length declared or sent chunked (no length).
    for (boolean chunked : new boolean[] {false, true}) {
      server.createContext(
          chunked ? "/big-chunked" : "/big",
          exchange -> {
            byte[] body = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              for (int i = 0; i < body.length; i += 4096) {
                out.write(body, i, 4096);
              }
            } catch (IOException cancelled) {
              // the reader hung up once it had enough
            }
          });
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    released.countDown();
    server.stop(0);
  }

  private HttpRequest get(String path) {
    return get(path, Duration.ofSeconds(1));
  }

  private HttpRequest get(String path, Duration timeout) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .timeout(timeout)
        .GET()
        .build();
  }

  @Test
  void aWholeAnswerWithinItsDeadlineIsAnswered() throws Exception {
    HttpResponse<String> answer =
        PlainHttp.send(
            client, get("/answers"), HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(2));
    assertThat(answer.body()).isEqualTo("whole");
  }

  @Test
  void aBodyThatStallsAfterTheHeadersEndsAtTheDeadline() {
    long start = System.nanoTime();
    // The request's own timeout (200 ms) ends with the headers: the deadline (1 s) ends the wait.
    assertThatThrownBy(
            () ->
                PlainHttp.send(
                    client,
                    get("/stalls", Duration.ofMillis(200)),
                    HttpResponse.BodyHandlers.ofString(),
                    Duration.ofSeconds(1)))
        .isInstanceOf(HttpTimeoutException.class)
        .hasMessageContaining("whole answer");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aStreamedBodyThatStallsIsClosedAtItsDeadline() throws Exception {
    HttpResponse<InputStream> answer =
        client.send(get("/stalls"), HttpResponse.BodyHandlers.ofInputStream());
    long start = System.nanoTime();
    try (InputStream body = answer.body();
        PlainHttp.Deadline deadline = PlainHttp.closeAt(body, Duration.ofMillis(500))) {
      assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
      assertThat(deadline.passed()).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aStreamReadInTimeIsNotClosed() throws Exception {
    HttpResponse<InputStream> answer =
        client.send(get("/answers"), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = answer.body();
        PlainHttp.Deadline deadline = PlainHttp.closeAt(body, Duration.ofSeconds(2))) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("whole");
      assertThat(deadline.passed()).isFalse();
    }
  }

  @Test
  void anAnswerLongerThanTheCapFailsWhetherItsLengthIsDeclaredOrNot() {
    for (String path : new String[] {"/big", "/big-chunked"}) {
      assertThatThrownBy(
              () ->
                  PlainHttp.send(
                      client, get(path), CappedBody.atMost(64 * 1024 - 1), Duration.ofSeconds(5)))
          .as(path)
          .isInstanceOf(CappedBody.TooLarge.class)
          .hasMessageContaining("longer than 65535 bytes");
    }
  }

  @Test
  void anAnswerWithinTheCapIsReadWhole() throws Exception {
    for (String path : new String[] {"/big", "/big-chunked"}) {
      HttpResponse<String> answer =
          PlainHttp.send(client, get(path), CappedBody.atMost(64 * 1024), Duration.ofSeconds(5));
      assertThat(answer.body()).as(path).hasSize(64 * 1024).matches("x+");
    }
    // Exactly the cap is within it.
    assertThat(
            PlainHttp.send(client, get("/answers"), CappedBody.atMost(5), Duration.ofSeconds(2))
                .body())
        .isEqualTo("whole");
  }
}
