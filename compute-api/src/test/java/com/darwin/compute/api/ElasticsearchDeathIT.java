package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch killed (SIGKILL of its server JVM, as the OOM killer would): health shows search
 * DEGRADED while the service stays up (HTTP 200), writes go on, the sandbox restarts the server on
 * its own, search comes back and the index catches up with what was written meanwhile.
 */
@OwnContext
class ElasticsearchDeathIT extends ApiIntegrationTest {

  @Test
  void aKilledElasticsearchIsRestartedAndTheIndexCatchesUp() {
    String tag = Long.toString(System.nanoTime(), 36);
    String before = create(ClusterRequests.quickStart("es-before-" + tag));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var search = api.get("/actuator/health").body().get("components").get("search");
              assertThat(search.get("status").asString()).as(search.toString()).isEqualTo("UP");
            });
    int restartsBefore = sandbox.elasticsearch().restarts();

    // The server JVM is the newest process of the tree (launcher -> CLI -> server).
    ProcessHandle server =
        sandbox.elasticsearch().processes().stream()
            .max(Comparator.comparing(p -> p.info().startInstant().orElseThrow()))
            .orElseThrow();
    server.destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Api.Response health = api.get("/actuator/health");
              assertThat(health.status()).as(health.raw()).isEqualTo(200);
              assertThat(health.body().get("components").get("search").get("status").asString())
                  .isEqualTo("DEGRADED");
            });
    List<String> during = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      during.add(create(ClusterRequests.stoppedQuickStart("es-during-" + i + "-" + tag)));
    }
    assertThat(api.post("/cluster/stop-cluster/" + before, null, Api.USER).status()).isEqualTo(202);

    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                sandbox.elasticsearch().restarts() > restartsBefore
                    && sandbox.elasticsearch().isRunning());
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Api.Response r =
                  api.post(
                      "/cluster/search",
                      "{\"query\": \""
                          + tag
                          + "\", \"sort_by\": \"name\", \"sort_order\": \"asc\"}");
              assertThat(r.status()).as(r.raw()).isEqualTo(200);
              var body = r.data().get("body");
              assertThat(body.size()).as(r.raw()).isEqualTo(4);
              assertThat(body.get(0).get("name").asString()).isEqualTo("es-before-" + tag);
              assertThat(body.get(0).get("status").asString()).isEqualTo("inactive");
              var health = api.get("/actuator/health").body().get("components").get("search");
              assertThat(health.get("status").asString()).isEqualTo("UP");
            });
  }
}
