package com.darwin.compute.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.SlackProperties;
import com.slack.api.methods.SlackApiException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Slack's Web API answers a post that comes too soon or meets its own trouble, played by a JDK
 * HTTP server on loopback: the alert is sent again when that can help, and only then.
 */
class SlackSenderTest {

  private record Answer(int status, String retryAfter, String body) {}

  private static final String OK = "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.1\"}";

  private final Deque<Answer> answers = new ArrayDeque<>();
  private final AtomicInteger posts = new AtomicInteger();
  private HttpServer slack;
  private SlackSender sender;

  private SlackSender sender(Answer... planned) throws IOException {
    answers.addAll(List.of(planned));
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext("/api/chat.postMessage", this::answer);
    slack.start();
    sender =
        new SlackSender(
            new SlackProperties(
                "xoxb-test",
                "#alerts",
                "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/",
                "Darwin Compute",
                "test"));
    return sender;
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      posts.incrementAndGet();
      Answer answer = answers.isEmpty() ? new Answer(200, null, OK) : answers.poll();
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (sender != null) {
      sender.destroy();
    }
    if (slack != null) {
      slack.stop(0);
    }
  }

  @Test
  void aRateLimitedPostIsSentAgainAfterTheWaitSlackNames() throws Exception {
    SlackSender sender = sender(new Answer(429, "1", "{\"ok\":false,\"error\":\"ratelimited\"}"));

    long start = System.nanoTime();
    assertThat(sender.post("Cluster id-1 was stopped")).isTrue();

    assertThat(posts.get()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void slacksOwnErrorsAreTriedThreeTimesThenGivenUp() throws Exception {
    Answer down = new Answer(503, null, "{\"ok\":false,\"error\":\"service_unavailable\"}");
    SlackSender sender = sender(down, down, down, down);

    assertThat(sender.post("Cluster id-2 was stopped")).isFalse();

    assertThat(posts.get()).isEqualTo(SlackSender.ATTEMPTS);
    // The alerts right after it fail at once: a job raising many is not held for each one's
    // retries.
    long start = System.nanoTime();
    assertThat(sender.post("Cluster id-3 was stopped")).isFalse();
    assertThat(posts.get()).isEqualTo(SlackSender.ATTEMPTS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void anInterruptedJobPostsNothing() throws Exception {
    SlackSender sender = sender();
    Thread.currentThread().interrupt();
    try {
      assertThat(sender.post("Cluster id-4 was stopped")).isFalse();
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(posts.get()).isZero();
    assertThat(sender.post("Cluster id-4 was stopped")).isTrue();
  }

  @Test
  void aRefusedPostIsNotSentAgain() throws Exception {
    SlackSender sender =
        sender(
            new Answer(200, null, "{\"ok\":false,\"error\":\"not_in_channel\"}"),
            new Answer(400, null, "invalid_payload"));

    assertThat(sender.post("first")).isFalse();
    assertThat(posts.get()).isEqualTo(1);
    assertThat(sender.post("second")).isFalse();
    assertThat(posts.get()).isEqualTo(2);
  }

  @Test
  void theWaitIsSlacksBoundedByTheLimitAndNoneForARefusal() {
    assertThat(SlackSender.retryAfter(refused(429, "3600"))).isEqualTo(SlackSender.MAX_WAIT);
    assertThat(SlackSender.retryAfter(refused(429, "2"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(SlackSender.retryAfter(refused(429, "soon"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(SlackSender.retryAfter(refused(502, null))).isEqualTo(Duration.ofSeconds(1));
    assertThat(SlackSender.retryAfter(refused(403, null))).isNull();
  }

  private static SlackApiException refused(int status, String retryAfter) {
    Response.Builder response =
        new Response.Builder()
            .request(new Request.Builder().url("http://127.0.0.1/api/chat.postMessage").build())
            .protocol(Protocol.HTTP_1_1)
            .code(status)
            .message("refused");
    if (retryAfter != null) {
      response.header("Retry-After", retryAfter);
    }
    return new SlackApiException(response.build(), "{\"ok\":false}");
  }
}
