package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Handovers of running clusters under caps with room: two the other way round at once (one owner's
 * cluster to the other, the other's to the first) are both done, not one deadlocked into a 409.
 * Each checked the new owner's caps holding only that owner's row.
 */
@OwnContext
@TestPropertySource(properties = "compute.access.limits.max-running-clusters=4")
class HandoverCapsIT extends ApiIntegrationTest {

  private static final int ROUNDS = 4;

  @Autowired JdbcTemplate jdbc;

  private static String identity(String owner) {
    return "{\"email\": \"" + owner + "\"}";
  }

  private String created(String owner, String name) {
    String body =
        ClusterRequests.quickStart(unique(name))
            .replace("\"user\": \"user@example.com\"", "\"user\": \"" + owner + "\"");
    Api.Response created = api.post("/cluster", body, identity(owner));
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();
    awaitStatus(id, "active");
    return id;
  }

  private String owner(String clusterId) {
    return jdbc.queryForObject(
        "SELECT owner FROM clusters WHERE cluster_id = ?", String.class, clusterId);
  }

  @Test
  void handoversTheOtherWayRoundAtOnceAreBothDone() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String u = "hand-u-" + tag + "@example.com";
    String v = "hand-v-" + tag + "@example.com";
    String ofU = created(u, "hand-u");
    String ofV = created(v, "hand-v");
    String admin = Api.as("admin@example.com");
    for (int round = 0; round < ROUNDS; round++) {
      String first = owner(ofU);
      String second = owner(ofV);
      AtomicInteger n = new AtomicInteger();
      List<Api.Response> answers =
          Concurrently.call(
              2,
              () ->
                  n.getAndIncrement() == 0
                      ? api.put(
                          "/cluster/user/" + ofU, "{\"cluster_user\": \"" + second + "\"}", admin)
                      : api.put(
                          "/cluster/user/" + ofV, "{\"cluster_user\": \"" + first + "\"}", admin));
      assertThat(answers)
          .as("round %d", round)
          .allSatisfy(a -> assertThat(a.status()).as(a.raw()).isEqualTo(200));
      assertThat(owner(ofU)).isEqualTo(second);
      assertThat(owner(ofV)).isEqualTo(first);
    }
  }
}
