package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With MySQL gone, the readiness group goes DOWN (503: out of the load balancer) while liveness
 * stays UP (no restart: the database coming back is what helps). A JVM of its own: it stops the
 * sandbox's database for good.
 */
class ReadinessIsolatedIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void readinessFollowsTheDatabaseAndLivenessDoesNot() throws Exception {
    try (ComputeInstance instance =
        ComputeInstance.start(
            "readiness",
            // Fail a checkout quickly once the server is gone, rather than Hikari's 30 s.
            "spring.datasource.hikari.connection-timeout=1000",
            "spring.datasource.hikari.validation-timeout=500")) {
      int port = instance.port();
      // Ready once its search index is found filled: at once, unless an earlier test of this JVM
      // left a backfill to drain or made the index under a minute ago.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(port, "/actuator/health/readiness") == 200);
      assertThat(status(port, "/actuator/health/liveness")).isEqualTo(200);

      Sandbox.current().orElseThrow().database().stop();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> assertThat(status(port, "/actuator/health/readiness")).isEqualTo(503));
      assertThat(status(port, "/readyz")).isEqualTo(503);
      assertThat(status(port, "/actuator/health/liveness")).isEqualTo(200);
      assertThat(status(port, "/livez")).isEqualTo(200);
    }
  }

  private static int status(int port, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
