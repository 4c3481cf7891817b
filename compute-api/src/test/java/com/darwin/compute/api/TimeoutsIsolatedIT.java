package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.sandbox.OperatorDelays;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The creation timeout and the dead-cluster cleanup, with timeouts of seconds. */
@TestPropertySource(
    properties = {
      "compute.timeouts.creation=4s",
      "compute.timeouts.dead=3s",
      "compute.timeouts.sweep-interval=500ms"
    })
class TimeoutsIsolatedIT extends ApiIntegrationTest {

  private boolean rayClusterExists(String id) {
    return RayClusterKind.in(sandbox.kubernetes().client())
            .inNamespace("ray")
            .withName(id + "-kuberay")
            .get()
        != null;
  }

  @Test
  void aClusterThatNeverComesUpIsStoppedByTheTimeout() {
    sandbox.operator().pause();
    String id;
    try {
      id = create(ClusterRequests.quickStart(unique("stuck")));
      await().atMost(Duration.ofSeconds(60)).until(() -> rayClusterExists(id));
      awaitStatus(id, "inactive");
    } finally {
      sandbox.operator().resume();
    }
    assertThat(eventTypes(id))
        .containsSubsequence(
            "CLUSTER_START_REQUEST_RECEIVED",
            "CLUSTER_STOP_REQUEST_RECEIVED",
            "CLUSTER_STOPPED",
            "CLUSTER_TIMEOUT");
    var timedOut =
        api.get("/cluster/" + id + "/events?types=CLUSTER_TIMEOUT").data().get("events").get(0);
    assertThat(timedOut.get("actor").asString()).isEqualTo("Timeout Job");
    assertThat(timedOut.get("message").asString())
        .isEqualTo("Cluster did not become active within 4 seconds");
    await().atMost(Duration.ofSeconds(60)).until(() -> !rayClusterExists(id));
  }

  @Test
  void aDeadClusterIsStoppedAndItsObjectsRemoved() {
    String id = create(ClusterRequests.quickStart(unique("dead")));
    awaitStatus(id, "active");
    // Keep it dead long enough: nothing comes back within the dead timeout.
    sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofSeconds(30)));
    try {
      sandbox.operator().failWorkers("ray", id + "-kuberay", "wg", 1);
      sandbox.operator().killHead("ray", id + "-kuberay");
      awaitStatus(id, "cluster_died");
      awaitStatus(id, "inactive");
      await().atMost(Duration.ofSeconds(60)).until(() -> !rayClusterExists(id));
    } finally {
      sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofMillis(400)));
    }
    assertThat(eventTypes(id))
        .containsSubsequence(
            "CLUSTER_DIED", "CLUSTER_STOP_REQUEST_RECEIVED", "CLUSTER_STOPPED", "CLUSTER_INACTIVE");
    var inactive =
        api.get("/cluster/" + id + "/events?types=CLUSTER_INACTIVE").data().get("events").get(0);
    assertThat(inactive.get("actor").asString()).isEqualTo("Dead Cluster Job");
    assertThat(inactive.get("message").asString())
        .startsWith("Head and workers were gone for 3 seconds;");
  }

  @Test
  void anActiveClusterIsLeftAlone() throws Exception {
    String id = create(ClusterRequests.quickStart(unique("healthy")));
    awaitStatus(id, "active");
    Thread.sleep(5000);
    assertThat(status(id)).isEqualTo("active");
  }
}
