package com.darwin.compute.api.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.StoppedClusterRows;
import com.darwin.compute.core.termination.IdleClusterStops;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Auto-termination judges clusters idle from probes that take seconds; whatever happens to a
 * cluster in that time (a keep-alive, a job, a stop and a new start) wins over the verdict. Here
 * the verdict is held back on purpose: the cluster as the sweep read it, then a keep-alive over
 * HTTP, then the stop the sweep would send.
 */
class StaleIdleVerdictIT extends ApiIntegrationTest {

  @Autowired IdleClusterStops stops;
  @Autowired ClusterRepository clusters;
  @Autowired PlatformTransactionManager transactions;
  @Autowired StoppedClusterRows rows;

  private ClusterEntity asTheSweepReadsIt(String clusterId) {
    return new TransactionTemplate(transactions)
        .execute(tx -> clusters.findById(clusterId).orElseThrow());
  }

  @Test
  void aKeepAliveAfterTheVerdictKeepsTheClusterRunning() {
    String clusterId = create(ClusterRequests.quickStart(unique("stale-verdict")));
    awaitStatus(clusterId, "active");
    // Its last use is when it became active: a status read and this read ago, so a keep-alive is
    // later even to the millisecond the column keeps.
    ClusterEntity judged = asTheSweepReadsIt(clusterId);

    Api.Response kept = api.post("/cluster/" + clusterId + "/keep-alive", "", Api.USER);
    assertThat(kept.status()).as(kept.raw()).isEqualTo(200);

    assertThat(stops.stop(Map.of(clusterId, judged))).isEmpty();
    assertThat(status(clusterId)).isEqualTo("active");
    assertThat(autoTerminations(clusterId)).isZero();

    // Judged again after the keep-alive (and still idle by then): stopped.
    ClusterEntity again = asTheSweepReadsIt(clusterId);
    assertThat(stops.stop(Map.of(clusterId, again))).hasSize(1);
    awaitStatus(clusterId, "inactive");
    assertThat(autoTerminations(clusterId)).isEqualTo(1);
  }

  @Test
  void aKeepAliveBetweenTheStopsReadAndItsWriteFailsTheStop() {
    // A keep-alive moves no version: the stop's write guards on the last use it read.
    String clusterId = create(ClusterRequests.quickStart(unique("stale-write")));
    awaitStatus(clusterId, "active");

    assertThatThrownBy(
            () ->
                new TransactionTemplate(transactions)
                    .executeWithoutResult(
                        tx -> {
                          List<ClusterEntity> read = rows.read(List.of(clusterId));
                          read.forEach(cluster -> cluster.markStopped(Instant.now()));
                          Api.Response kept =
                              api.post("/cluster/" + clusterId + "/keep-alive", "", Api.USER);
                          assertThat(kept.status()).as(kept.raw()).isEqualTo(200);
                          rows.writeStopped(read);
                        }))
        .isInstanceOf(OptimisticLockingFailureException.class);
    assertThat(status(clusterId)).isEqualTo("active");
  }

  private int autoTerminations(String clusterId) {
    Api.Response r = api.get("/cluster/" + clusterId + "/events?types=AUTO_TERMINATED");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data().get("events").size();
  }
}
