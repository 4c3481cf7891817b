package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.store.OutboxRepository;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * MySQL is the source of truth: with Elasticsearch stopped, creates and stops still succeed, and
 * the index catches up once it is back.
 */
class ElasticsearchOutageIT extends ApiIntegrationTest {

  @Autowired OutboxRepository outbox;

  @Test
  void writesSurviveAnOutageAndTheIndexCatchesUp() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String running = create(ClusterRequests.quickStart("outage-running-" + tag));

    sandbox.elasticsearch().stop();
    try {
      String created = create(ClusterRequests.quickStart("outage-new-" + tag));
      assertThat(api.post("/cluster/stop-cluster/" + running, null, Api.USER).status())
          .isEqualTo(202);
      assertThat(status(running)).isEqualTo("inactive");
      assertThat(api.get("/cluster/" + created).status()).isEqualTo(200);

      // Search says it is unavailable, in the envelope, rather than failing with a 500.
      Api.Response search = api.post("/cluster/search", "{\"query\": \"" + tag + "\"}");
      assertThat(search.status()).isEqualTo(503);
      assertThat(search.body().get("status").asString()).isEqualTo("ERROR");

      // The changes wait in the outbox.
      await().atMost(Duration.ofSeconds(60)).until(() -> outbox.count() > 0);
    } finally {
      sandbox.elasticsearch().start();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
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
              assertThat(body.size()).isEqualTo(2);
              assertThat(body.get(0).get("name").asString()).isEqualTo("outage-new-" + tag);
              assertThat(body.get(1).get("name").asString()).isEqualTo("outage-running-" + tag);
              assertThat(body.get(1).get("status").asString()).isEqualTo("inactive");
            });
  }
}
