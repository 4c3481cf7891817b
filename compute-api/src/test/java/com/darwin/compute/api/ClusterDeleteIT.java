package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A delete takes what belongs to the cluster with it, and concurrent deletes are one delete. */
class ClusterDeleteIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;

  private String stoppedCluster(String prefix) {
    String id = createStopped(prefix);
    awaitStatus(id, "inactive");
    return id;
  }

  @Test
  void aDeletedClustersSharesGoWithIt() {
    String id = stoppedCluster("delete-shares");
    Api.Response shared =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"bob@example.com\", \"level\": \"can_attach\"}",
            Api.USER);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);

    Api.Response deleted = api.delete("/cluster/" + id, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);

    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_permissions WHERE cluster_id = ?", Integer.class, id))
        .isZero();
    // And sharing it afterwards is a 404, not a row for a cluster that is gone.
    assertThat(
            api.put(
                    "/cluster/" + id + "/permissions",
                    "{\"kind\": \"user\", \"principal\": \"bob@example.com\","
                        + " \"level\": \"can_attach\"}",
                    Api.USER)
                .status())
        .isEqualTo(404);
  }

  @Test
  void concurrentDeletesAreOneDeleteAndNotFounds() throws Exception {
    for (int round = 0; round < 3; round++) {
      String id = stoppedCluster("delete-race");
      Concurrently.assertOneRemovedAndTheRestFoundItGone(
          Concurrently.call(4, () -> api.delete("/cluster/" + id, Api.USER)));
    }
  }
}
