package com.darwin.compute.sdk;

import static com.darwin.compute.sdk.ScriptedServer.error;
import static com.darwin.compute.sdk.ScriptedServer.metadata;
import static com.darwin.compute.sdk.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.cluster.ClusterStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting over HTTP, against a local server that plays a scripted sequence of statuses. */
class AwaitStatusTest {

  private static final String PATH = "GET /cluster/id-w/metadata";
  private ScriptedServer server;
  private ComputeClient client;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
    client =
        ComputeClient.builder(server.url())
            .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static WaitOptions fast(Duration timeout) {
    return WaitOptions.timeout(timeout)
        .withPollInterval(Duration.ofMillis(10), Duration.ofMillis(40));
  }

  private static ScriptedServer.Answer status(String status) {
    return ok(metadata("id-w", status, "RUNNING"));
  }

  @Test
  void reportsEachPollAndReturnsTheActiveRow() {
    server.on(
        PATH,
        status("creating"),
        status("head_node_up"),
        status("head_node_up"),
        status("jupyter_up"),
        status("active"));
    List<WaitProgress> seen = new CopyOnWriteArrayList<>();

    var row =
        client.awaitStatus(
            "id-w", ClusterStatus.ACTIVE, fast(Duration.ofSeconds(10)).withProgress(seen::add));

    assertThat(row.status()).isEqualTo(ClusterStatus.ACTIVE);
    assertThat(seen)
        .extracting(WaitProgress::status)
        .containsExactly(
            ClusterStatus.CREATING,
            ClusterStatus.HEAD_NODE_UP,
            ClusterStatus.HEAD_NODE_UP,
            ClusterStatus.JUPYTER_UP,
            ClusterStatus.ACTIVE);
    assertThat(seen)
        .extracting(WaitProgress::changed)
        .containsExactly(true, true, false, true, true);
    assertThat(seen.get(1).previous()).isEqualTo(ClusterStatus.CREATING);
  }

  @Test
  void scaledWorkersCountAsActive() {
    server.on(PATH, status("jupyter_up"), status("worker_nodes_scaled"));
    assertThat(
            client.awaitStatus("id-w", ClusterStatus.ACTIVE, fast(Duration.ofSeconds(5))).status())
        .isEqualTo(ClusterStatus.WORKER_NODES_SCALED);
  }

  @Test
  void otherTargetsMatchExactly() {
    server.on(PATH, status("creating"), status("head_node_up"), status("jupyter_up"));
    assertThat(
            client
                .awaitStatus("id-w", ClusterStatus.HEAD_NODE_UP, fast(Duration.ofSeconds(5)))
                .status())
        .isEqualTo(ClusterStatus.HEAD_NODE_UP);
  }

  @Test
  void failsAtOnceWhenTheClusterIsStopped() {
    server.on(PATH, status("head_node_up"), ok(metadata("id-w", "inactive", "STOPPED")));
    assertThatThrownBy(
            () -> client.awaitStatus("id-w", ClusterStatus.ACTIVE, fast(Duration.ofSeconds(30))))
        .isInstanceOfSatisfying(
            ClusterWaitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ClusterWaitException.Reason.STOPPED);
              assertThat(e.elapsed()).isLessThan(Duration.ofSeconds(5));
            });
  }

  @Test
  void waitingForInactiveIsSatisfiedByAStoppedCluster() {
    server.on(PATH, status("active"), ok(metadata("id-w", "inactive", "STOPPED")));
    assertThat(
            client
                .awaitStatus("id-w", ClusterStatus.INACTIVE, fast(Duration.ofSeconds(5)))
                .status())
        .isEqualTo(ClusterStatus.INACTIVE);
  }

  @Test
  void aShortOutageOfTheServiceDoesNotEndTheWait() {
    server.on(
        PATH,
        status("creating"),
        error(503, "DATABASE_UNAVAILABLE", "down"),
        error(503, "DATABASE_UNAVAILABLE", "down"),
        error(503, "DATABASE_UNAVAILABLE", "down"),
        status("active"));
    assertThat(
            client.awaitStatus("id-w", ClusterStatus.ACTIVE, fast(Duration.ofSeconds(10))).status())
        .isEqualTo(ClusterStatus.ACTIVE);
  }

  @Test
  void aDeletedClusterEndsTheWaitWithA404() {
    server.on(PATH, status("creating"), error(404, "NOT_FOUND", "Cluster id-w not found"));
    assertThatThrownBy(
            () -> client.awaitStatus("id-w", ClusterStatus.ACTIVE, fast(Duration.ofSeconds(10))))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.isNotFound()).isTrue());
  }
}
