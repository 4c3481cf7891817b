package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.history.HistoryServerObserver;
import com.darwin.compute.core.jupyter.JupyterPodObserver;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.sandbox.MockKubernetesApi;
import com.darwin.compute.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica that starts while the Kubernetes API server is down works once it is back. Its watches'
 * first lists failed; fabric8 stops such an informer for good unless told otherwise, which left the
 * replica answering requests while nothing it accepted reached Kubernetes (clusters stayed {@code
 * creating}, stops never deleted anything) until it was restarted.
 */
class InformerStartIsolatedIT {

  private static final List<String> TARGETS = List.of("sandbox", "sandbox-east");

  @Test
  void aReplicaStartedWhileTheApiServerIsDownWatchesOnceItIsBack() {
    Sandbox sandbox;
    try (ComputeInstance first = ComputeInstance.start("informers-first")) {
      sandbox = first.bean(Sandbox.class); // the JVM's sandbox outlives this instance
    }
    MockKubernetesApi kubernetes = sandbox.kubernetes();
    // Both targets' namespaces, ray and ray-east (application-test.yml), start so.
    kubernetes.failAll("/namespaces/ray");
    try (ComputeInstance late = ComputeInstance.start("informers-late")) {
      ClusterObserver clusters = late.bean(ClusterObserver.class);
      JupyterPodObserver jupyter = late.bean(JupyterPodObserver.class);
      HistoryServerObserver historyServers = late.bean(HistoryServerObserver.class);
      try {
        // Every informer's first list (with the client's own retries, 100 ms apart) has failed.
        await()
            .atMost(Duration.ofSeconds(30))
            .during(Duration.ofSeconds(3))
            .until(() -> kubernetes.refusedReads() > 0);
        assertThat(TARGETS).noneMatch(clusters::hasSynced);
        assertThat(TARGETS).noneMatch(jupyter::hasSynced);
        assertThat(TARGETS).noneMatch(historyServers::hasSynced);
      } finally {
        kubernetes.clearFaults();
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(TARGETS).allMatch(clusters::hasSynced);
                assertThat(TARGETS).allMatch(jupyter::hasSynced);
                assertThat(TARGETS).allMatch(historyServers::hasSynced);
              });
      Api.Response created =
          late.api.post(
              "/cluster",
              ClusterRequests.quickStart("informers-" + Long.toString(System.nanoTime(), 36)),
              Api.USER);
      assertThat(created.status()).as(created.raw()).isEqualTo(200);
      String id = created.data().get("cluster_id").asString();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  late.api
                      .get("/cluster/" + id + "/metadata")
                      .data()
                      .get("status")
                      .asString()
                      .equals("active"));
    } finally {
      kubernetes.clearFaults();
    }
  }
}
