package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.config.KubernetesProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A Kubernetes API that fails writes for a while: retried with backoff, visible, converges. */
class KubernetesOutageIT extends ApiIntegrationTest {

  @Autowired private KubernetesProperties kubernetes;

  private java.util.List<String> actions(String id) {
    String run =
        api.get("/cluster/" + id + "/metadata").data().get("active_cluster_runid").asString();
    return api.get("/cluster/get-action-group-details/" + run)
        .data()
        .valueStream()
        .map(a -> a.get("event_name").asString())
        .toList();
  }

  @Test
  void failedAppliesAreRetriedShownAndConverge() throws Exception {
    sandbox.kubernetes().failWrites("/rayclusters");
    String id;
    try {
      id = create(ClusterRequests.quickStart(unique("k8s-down")));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(actions(id)).contains("Apply Failed"));
      assertThat(status(id)).isEqualTo("creating");
      // Several attempts (each is 1 + compute.kubernetes.request-retries calls), but the failure
      // is written once, not once per retry.
      int retries = kubernetes.requestRetries();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sandbox.kubernetes().refusedWrites() > 2 * (1 + retries));
      assertThat(actions(id).stream().filter("Apply Failed"::equals).count()).isEqualTo(1);
      var error =
          api.get("/cluster/" + id + "/events?types=APPLY_FAILED").data().get("events").get(0);
      assertThat(error.get("severity").asString()).isEqualTo("ERROR");
      // The API server's code and words (read by anyone who may read the cluster, and sent to
      // Chronos), not its address nor the client's dump of the request.
      assertThat(error.get("message").asString())
          .isEqualTo(
              "Applying the RayCluster failed: Kubernetes answered 500: injected failure (sandbox"
                  + " fault)");
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    awaitStatus(id, "active");
    assertThat(actions(id)).containsSubsequence("Started", "Apply Failed", "Applied", "Running");
  }

  /**
   * A stop ends a streak of failed applies: a failure of the next start is shown in that run's
   * timeline. The count of the stopped run's failures used to stay (in memory, for good), so the
   * next start's failures counted on from it and none was shown.
   */
  @Test
  void aFailureOfTheStartAfterAStopDuringFailedAppliesIsShownAgain() {
    sandbox.kubernetes().failWrites("/rayclusters");
    String id;
    try {
      id = create(ClusterRequests.quickStart(unique("k8s-down-stop")));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(actions(id)).contains("Apply Failed"));
      Api.Response stopped = api.post("/cluster/stop-cluster/" + id, null, Api.USER);
      assertThat(stopped.status()).as(stopped.raw()).isBetween(200, 299);
      awaitStatus(id, "inactive");

      Api.Response started = api.post("/cluster/start-cluster/" + id, null, Api.USER);
      assertThat(started.status()).as(started.raw()).isBetween(200, 299);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(actions(id)).containsSubsequence("Started", "Apply Failed"));
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    awaitStatus(id, "active");
    assertThat(actions(id)).containsSubsequence("Started", "Apply Failed", "Applied", "Running");
  }
}
