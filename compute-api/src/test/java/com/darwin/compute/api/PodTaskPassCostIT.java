package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.library.LibraryStatuses;
import com.darwin.compute.core.podexec.PodTaskRunner;
import com.darwin.compute.core.store.SqlStatementCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pod-task runner visits every running cluster with libraries or commands every few seconds,
 * also once all of them are installed and run (a new pod gets them all): what such a visit costs
 * the database does not grow with the number of clusters.
 */
class PodTaskPassCostIT extends ApiIntegrationTest {

  private static final String PYPI =
      "{\"source\": \"pypi\", \"body\": {\"name\": \"%s\", \"version\": \"1.0\"}}";

  @Autowired PodTaskRunner runner;
  @Autowired LockProvider locks;

  /** A running cluster whose library is installed and whose command ran, on every pod. */
  private String settled(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    Api.Response library =
        api.post(
            "/cluster/" + id + "/library/install",
            PYPI.formatted("costly-" + Long.toString(System.nanoTime(), 36)),
            Api.USER);
    assertThat(library.status()).as(library.raw()).isEqualTo(200);
    long libraryId = library.data().get("id").asLong();
    Api.Response command =
        api.post(
            "/cluster/" + id + "/command/execute",
            "{\"command\": [\"echo settled\"], \"target\": \"cluster\", \"timeout\": 60}",
            Api.USER);
    assertThat(command.status()).as(command.raw()).isEqualTo(202);
    String executionId = command.data().get("execution_id").asString();
    LibraryStatuses.awaitStatus(api, id, libraryId, "success");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/cluster/" + id + "/command/" + executionId + "/status")
                            .data()
                            .get("status")
                            .asString())
                    .isEqualTo("success"));
    return id;
  }

  @Test
  void aVisitToSettledClustersCostsTheSameForOneAsForThree() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(settled("pass-cost"));
    }
    int[] one;
    int[] three;
    // The scheduled passes stay out, so only this thread's visits are counted.
    SimpleLock held = ScheduledJobLock.hold(locks, PodTaskRunner.LOCK);
    try {
      visit(ids); // anything left over from the installs is settled first
      one = visit(ids.subList(0, 1));
      three = visit(ids);
    } finally {
      held.unlock();
    }
    assertThat(three[0])
        .as("statements: one cluster %s, three %s", one[0], three[0])
        .isEqualTo(one[0]);
    // The clusters, their libraries, their commands and their tasks (the README says four).
    assertThat(three[0]).isEqualTo(4);
    assertThat(three[1])
        .as("transaction round trips: one cluster %s, three %s", one[1], three[1])
        .isEqualTo(one[1]);
  }

  /** Statements and transaction round trips of one visit. */
  private int[] visit(List<String> clusterIds) {
    SqlStatementCounter.start();
    int controls;
    try {
      runner.runClusters(clusterIds);
    } finally {
      controls = SqlStatementCounter.transactionControls();
    }
    return new int[] {SqlStatementCounter.stop(), controls};
  }
}
