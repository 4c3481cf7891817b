package com.darwin.compute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.sdk.WireJson;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Commands whose output or exit code matters to scripts, against a local server that answers each
 * {@code "METHOD /path"} with a fixed envelope (404 for anything else).
 */
class CliCommandsTest {

  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private HttpServer server;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String data =
              answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          String body =
              data == null
                  ? "{\"status\":\"ERROR\",\"data\":{\"code\":\"NOT_FOUND\"},\"message\":\"none\"}"
                  : "{\"status\":\"SUCCESS\",\"data\":" + data + ",\"message\":\"ok\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(data == null ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Run compute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    int exit =
        ComputeCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("COMPUTE_URL", url, "COMPUTE_USER", "me@example.com"),
            false);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void execOnAStoppedClusterSaysItIsQueuedAndFails() {
    answers.put("POST /cluster/c-1/command/execute", "{\"execution_id\":\"e-1\"}");
    answers.put(
        "GET /cluster/c-1/command/e-1/status",
        "{\"status\":\"created\",\"execution_id\":\"e-1\",\"pods\":[]}");

    Run run = compute("exec", "c-1", "--timeout", "1", "--", "ls");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLUSTER_FAILED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("execution e-1 is queued", "runs when the cluster starts");
  }

  @Test
  void jobSubmitWithJsonAndWaitPrintsOnlyTheEndedJob() {
    answers.put(
        "POST /cluster/c-1/jobs",
        "{\"submission_id\":\"s-1\",\"cluster_id\":\"c-1\",\"status\":\"PENDING\"}");
    answers.put(
        "GET /cluster/c-1/jobs/s-1",
        "{\"submission_id\":\"s-1\",\"cluster_id\":\"c-1\",\"status\":\"SUCCEEDED\"}");

    Run run =
        compute(
            "job",
            "submit",
            "c-1",
            "--submission-id",
            "s-1",
            "-o",
            "json",
            "--wait",
            "--",
            "python3",
            "x.py");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.OK);
    JsonNode job = WireJson.mapper().readTree(run.out());
    assertThat(job.get("submission_id").asString()).isEqualTo("s-1");
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.err()).contains("s-1");
  }
}
