package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A request that waits on a row another transaction holds (a reconciler's write, a history server's
 * stop holding its row across Kubernetes calls) ends as a 409 to retry, not as "the database is
 * unavailable": its lock wait ends before the driver's socket timeout, which would also drop the
 * connection.
 */
class RowLockWaitIT extends ApiIntegrationTest {

  @Autowired DataSource dataSource;

  @Test
  void aRequestWaitingTooLongOnALockedRowIsAConflictAndNothingIsHalfDone() throws Exception {
    String id = create(ClusterRequests.quickStart(unique("row-lock")));
    Api.Response refused;
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement(
              "SELECT cluster_id FROM clusters WHERE cluster_id = ? FOR UPDATE")) {
        lock.setString(1, id);
        try (ResultSet row = lock.executeQuery()) {
          assertThat(row.next()).isTrue();
        }
      }
      refused = api.post("/cluster/stop-cluster/" + id, null, Api.USER);
      holder.rollback();
    }
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.data().get("code").asString()).isEqualTo("CONCURRENT_CHANGE");
    // Nothing of the refused stop stayed; sent again, it is done.
    assertThat(api.get("/cluster/" + id + "/metadata").data().get("status").asString())
        .isNotEqualTo("inactive");
    Api.Response stopped = api.post("/cluster/stop-cluster/" + id, null, Api.USER);
    assertThat(stopped.status()).as(stopped.raw()).isBetween(200, 299);
    awaitStatus(id, "inactive");
  }
}
