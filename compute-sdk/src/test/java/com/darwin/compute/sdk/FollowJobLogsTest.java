package com.darwin.compute.sdk;

import static com.darwin.compute.sdk.ScriptedServer.error;
import static com.darwin.compute.sdk.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.job.JobStatus;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Following a job's log through the service's stream, against a real local HTTP server. */
class FollowJobLogsTest {

  private static final String LOGS = "GET /cluster/c1/jobs/s1/logs";
  private static final String JOB = "GET /cluster/c1/jobs/s1";

  private ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ComputeClient client() {
    return ComputeClient.builder(server.url())
        .user("me@example.com")
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 2.0))
        .build();
  }

  private static ScriptedServer.Answer job(String status) {
    return ok("{\"submission_id\":\"s1\",\"cluster_id\":\"c1\",\"status\":\"" + status + "\"}");
  }

  @Test
  void aStreamThatEndsBeforeTheJobIsOpenedAgainPastWhatWasHandedOn() {
    // The service restarted mid-stream: its next stream starts at the log's beginning again.
    server.on(
        LOGS,
        new ScriptedServer.Answer(200, "step 1\nstep 2\n"),
        new ScriptedServer.Answer(200, "step 1\nstep 2\nstep 3\ndone\n"));
    server.on(JOB, job("RUNNING"), job("SUCCEEDED"));
    StringBuilder out = new StringBuilder();

    JobStatus status = client().followJobLogs("c1", "s1", Duration.ofSeconds(30), out::append);

    assertThat(status).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(out).hasToString("step 1\nstep 2\nstep 3\ndone\n");
    assertThat(server.received())
        .filteredOn(r -> r.path().startsWith("/cluster/c1/jobs/s1/logs"))
        .allSatisfy(
            r -> {
              assertThat(r.path()).endsWith("?follow=true");
              assertThat(r.header("msd-user")).contains("me@example.com");
              assertThat(r.header("Accept")).isEqualTo("text/plain");
            })
        .hasSize(2);
  }

  @Test
  void aRefusalEndsTheFollowAndAShortOutageDoesNot() {
    server.on(LOGS, error(503, "TOO_MANY_STREAMS", "busy"), new ScriptedServer.Answer(200, "x\n"));
    server.on(JOB, job("FAILED"));
    StringBuilder out = new StringBuilder();
    assertThat(client().followJobLogs("c1", "s1", Duration.ofSeconds(30), out::append))
        .isEqualTo(JobStatus.FAILED);
    assertThat(out).hasToString("x\n");

    server.on("GET /cluster/c1/jobs/s2/logs", error(403, "FORBIDDEN", "not yours"));
    assertThatThrownBy(
            () -> client().followJobLogs("c1", "s2", Duration.ofSeconds(30), out::append))
        .isInstanceOf(ComputeException.class)
        .hasMessageContaining("not yours");
  }

  /** A stream that lasts longer than the client's request timeout is read to its end. */
  @Test
  void aStreamOutlastingTheRequestTimeoutIsReadWhole() throws Exception {
    HttpServer slow =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger follows = new AtomicInteger();
    slow.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body;
          if (path.endsWith("/logs")) {
            follows.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
              for (int i = 0; i < 10; i++) {
                out.write(("piece " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(300);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return;
          }
          body =
              ScriptedServer.envelope(
                      "SUCCESS",
                      "{\"submission_id\":\"s1\",\"cluster_id\":\"c1\",\"status\":\"SUCCEEDED\"}",
                      "ok")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    slow.setExecutor(Executors.newCachedThreadPool());
    slow.start();
    try {
      ComputeClient client =
          ComputeClient.builder("http://127.0.0.1:" + slow.getAddress().getPort())
              .user("me@example.com")
              .requestTimeout(Duration.ofSeconds(1))
              .build();
      StringBuilder out = new StringBuilder();

      assertThat(client.followJobLogs("c1", "s1", Duration.ofSeconds(30), out::append))
          .isEqualTo(JobStatus.SUCCEEDED);

      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        expected.append("piece ").append(i).append('\n');
      }
      assertThat(out).hasToString(expected.toString());
      assertThat(follows).hasValue(1);
    } finally {
      slow.stop(0);
    }
  }

  @Test
  void aStreamReopenedPastTheDownloadLimitIsHandedOnWholeAfterALineSayingSo() {
    String truncated = "[LOG TRUNCATED by the control plane: the last 14 characters]\n";
    server.on(
        LOGS,
        new ScriptedServer.Answer(200, "line 1\nline 2\n"),
        new ScriptedServer.Answer(200, truncated + "line 2\nline 3\n"));
    server.on(JOB, job("RUNNING"), job("SUCCEEDED"));
    StringBuilder out = new StringBuilder();

    client().followJobLogs("c1", "s1", Duration.ofSeconds(30), out::append);

    // Nothing new is dropped by a count that no longer lines up; a repeat is said to be possible.
    assertThat(out)
        .hasToString(
            "line 1\nline 2\n" + FollowedLog.REOPENED_PAST_LIMIT + truncated + "line 2\nline 3\n");
  }

  @Test
  void aPieceNeverEndsInsideASurrogatePair() {
    String body = "a".repeat(8191) + "\uD83D\uDE00" + "b";
    server.on(LOGS, new ScriptedServer.Answer(200, body));
    server.on(JOB, job("SUCCEEDED"));
    List<String> pieces = new ArrayList<>();

    client().followJobLogs("c1", "s1", Duration.ofSeconds(30), pieces::add);

    assertThat(String.join("", pieces)).isEqualTo(body);
    assertThat(pieces)
        .allSatisfy(
            piece -> {
              assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isFalse();
              assertThat(Character.isLowSurrogate(piece.charAt(0))).isFalse();
            });
  }

  /**
   * The service's stream breaks midway (its connection drops): what came before is not handed on
   * again by the stream opened next.
   */
  @Test
  void aStreamThatBreaksMidwayIsNotRepeated() throws Exception {
    AtomicInteger follows = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try (Socket socket = listener.accept()) {
                    String path = requestPath(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    if (path.contains("/logs")) {
                      if (follows.incrementAndGet() == 1) {
                        // Promises 100 bytes, sends 14, and drops the connection.
                        out.write(
                            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                    + "Content-Length: 100\r\n\r\nstep 1\nstep 2\n")
                                .getBytes(StandardCharsets.UTF_8));
                      } else {
                        respond(out, "text/plain", "step 1\nstep 2\nstep 3\n");
                      }
                    } else {
                      respond(
                          out,
                          "application/json",
                          ScriptedServer.envelope(
                              "SUCCESS",
                              "{\"submission_id\":\"s1\",\"cluster_id\":\"c1\",\"status\":\""
                                  + "SUCCEEDED\"}",
                              "ok"));
                    }
                    out.flush();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      serving.setDaemon(true);
      serving.start();
      ComputeClient client =
          ComputeClient.builder("http://127.0.0.1:" + listener.getLocalPort())
              .user("me@example.com")
              .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 2.0))
              .build();
      StringBuilder out = new StringBuilder();

      assertThat(client.followJobLogs("c1", "s1", Duration.ofSeconds(30), out::append))
          .isEqualTo(JobStatus.SUCCEEDED);

      assertThat(out).hasToString("step 1\nstep 2\nstep 3\n");
      assertThat(follows).hasValue(2);
    }
  }

  /** Reads a request's head; answers its path. */
  private static String requestPath(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    String first = head.toString().lines().findFirst().orElse("");
    String[] parts = first.split(" ");
    return parts.length > 1 ? parts[1] : "";
  }

  private static void respond(OutputStream out, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: "
                + type
                + "\r\nConnection: close\r\nContent-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.write(bytes);
  }
}
