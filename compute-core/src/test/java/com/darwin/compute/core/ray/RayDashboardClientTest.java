package com.darwin.compute.core.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.http.CappedBody;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the idleness checks read of a dashboard and a Jupyter server in a user's pod, by size. */
class RayDashboardClientTest {

  private HttpServer server;
  private final RayDashboardClient client =
      new RayDashboardClient(new RayProperties("http://ray", null, Duration.ofSeconds(5), 1));

  /** A job list of a long-lived cluster: past a probe's size, within a list's. */
  private static final int JOBS = 3_000;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    StringBuilder jobs = new StringBuilder("[");
    for (int i = 0; i < JOBS; i++) {
      jobs.append(i == 0 ? "" : ",")
          .append("{\"type\":\"SUBMISSION\",\"status\":\"SUCCEEDED\",\"entrypoint\":\"")
          .append("python train.py --epochs 10 ".repeat(12))
          .append("\"}");
    }
    byte[] jobList = jobs.append("]").toString().getBytes(StandardCharsets.UTF_8);
    byte[] kernels = ("[" + "{\"execution_state\":\"idle\"},".repeat(40_000) + "{}]").getBytes();
    server.createContext("/api/jobs/", exchange -> answer(exchange, jobList));
    server.createContext("/api/kernels", exchange -> answer(exchange, kernels));
    server.start();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, byte[] body)
      throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void theJobListOfALongLivedClusterIsReadWhole() throws IOException {
    assertThat(client.jobs(url())).hasSize(JOBS);
  }

  @Test
  void aProbeAnsweredPastItsSizeFails() {
    // Over a megabyte of kernels: a server the user changed, not Jupyter's answer.
    assertThatThrownBy(() -> client.kernels(url()))
        .isInstanceOf(CappedBody.TooLarge.class)
        .hasMessageContaining(String.valueOf(CappedBody.PROBE_BYTES));
  }
}
