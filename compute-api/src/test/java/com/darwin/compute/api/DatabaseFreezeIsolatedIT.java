package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The database frozen (SIGSTOP of the embedded MariaDB: connections stay open, nothing answers):
 * health reports it DOWN within 5 s, requests fail with a 503 in the envelope within 5 s instead of
 * hanging, and once it is back nothing written before is lost and writes work again.
 *
 * <p>In a JVM of its own: the freeze stops the server that every context of the shared JVM uses. In
 * that JVM it failed once, in CI, with no health answer within 5 s; the cause is not known. Every
 * health check now has a deadline of its own ({@code HealthDeadlinesTest}), and the answers below
 * are kept with their latencies so that a slow one is named.
 */
class DatabaseFreezeIsolatedIT extends ApiIntegrationTest {

  private static final long FIVE_SECONDS = 5_000;

  private record Timed(Api.Response response, long millis) {}

  private static Timed timed(java.util.function.Supplier<Api.Response> call) {
    long begin = System.nanoTime();
    Api.Response response = call.get();
    return new Timed(response, (System.nanoTime() - begin) / 1_000_000);
  }

  @Test
  void aFrozenDatabaseIsReportedAndFailsFastAndNothingIsLost() throws InterruptedException {
    List<String> before = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      before.add(createStopped("before-freeze"));
    }
    assertThat(api.get("/actuator/health").status()).isEqualTo(200);

    sandbox.database().freeze();
    long frozenAt = System.nanoTime();
    String lostName = unique("during-freeze");
    try {
      // Health: DOWN, with the database named, within 5 s of the freeze. Every answer is kept
      // with its latency, so a failure says which call was slow and what it answered.
      List<String> answers = new ArrayList<>();
      boolean down = false;
      while (!down && (System.nanoTime() - frozenAt) / 1_000_000 < FIVE_SECONDS) {
        Timed health = timed(() -> api.get("/actuator/health"));
        answers.add(health.millis() + " ms: " + health.response().raw());
        JsonNode db = health.response().body().path("components").path("db");
        down = health.response().status() == 503 && "DOWN".equals(db.path("status").asString(""));
        if (!down) {
          Thread.sleep(200);
        }
      }
      assertThat(down).as("health after the freeze: %s", answers).isTrue();
      assertThat((System.nanoTime() - frozenAt) / 1_000_000)
          .as("health after the freeze: %s", answers)
          .isLessThan(FIVE_SECONDS + 1000);

      // Requests: a 503 in the envelope, each within 5 s.
      List<Timed> calls =
          List.of(
              timed(() -> api.get("/cluster/" + before.get(0))),
              timed(() -> api.get("/cluster/" + before.get(1) + "/metadata")),
              timed(() -> api.post("/cluster", ClusterRequests.quickStart(lostName), Api.USER)),
              timed(() -> api.post("/cluster/start-cluster/" + before.get(2), null, Api.USER)),
              timed(() -> api.get("/get-runtimes")));
      for (Timed call : calls) {
        assertThat(call.millis()).as(call.response().raw()).isLessThan(FIVE_SECONDS);
        assertThat(call.response().status()).as(call.response().raw()).isEqualTo(503);
        assertThat(call.response().body().get("status").asString()).isEqualTo("ERROR");
        assertThat(call.response().data().get("code").asString()).isEqualTo("DATABASE_UNAVAILABLE");
      }

      // The deep check: MySQL named at its deadline, the other dependencies with their answers.
      Timed deep = timed(() -> api.get("/health/deep"));
      assertThat(deep.millis()).as(deep.response().raw()).isLessThan(FIVE_SECONDS);
      assertThat(deep.response().status()).as(deep.response().raw()).isEqualTo(503);
      assertThat(deep.response().data().get("compute").asString()).isEqualTo("FAILURE");
      assertThat(deep.response().data().get("dcm").asString()).isEqualTo("SUCCESS");
      assertThat(deep.response().data().get("checks").get("mysql").asString())
          .startsWith("FAILURE: ");
      assertThat(deep.response().data().get("checks").get("elasticsearch").asString())
          .isEqualTo("SUCCESS");
    } finally {
      sandbox.database().thaw();
    }

    // Back: health UP again, everything written before is there, the refused create is not
    // half-made, and writes work.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(api.get("/actuator/health").status()).isEqualTo(200));
    for (String id : before) {
      Api.Response got = api.get("/cluster/" + id);
      assertThat(got.status()).as(got.raw()).isEqualTo(200);
      assertThat(status(id)).isEqualTo("inactive");
    }
    Api.Response search =
        api.post(
            "/cluster/search",
            "{\"query\": \"during-freeze\", \"filters\": {}, \"page_size\": 100}");
    assertThat(search.status()).isEqualTo(200);
    JsonNode hits = search.data().get("body");
    assertThat(hits.valueStream().map(h -> h.get("name").asString()).toList())
        .doesNotContain(lostName);
    String after = createStopped("after-freeze");
    assertThat(api.get("/cluster/" + after).status()).isEqualTo(200);
    assertThat(api.post("/cluster/start-cluster/" + before.get(2), null, Api.USER).status())
        .isEqualTo(202);
    awaitStatus(before.get(2), "active");
  }
}
