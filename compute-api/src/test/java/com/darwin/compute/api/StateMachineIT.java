package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.sandbox.OperatorDelays;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every transition of the state machine, driven through the simulated operator's knobs, and each
 * one visible in the status, the actions timeline and the events.
 */
class StateMachineIT extends ApiIntegrationTest {

  @AfterEach
  void restoreDelays() {
    sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofMillis(400)));
  }

  private String autoscalingCluster(String name) {
    return create(ClusterRequests.quickStart(name).replace("\"max_pods\": 2", "\"max_pods\": 3"));
  }

  @Test
  void workersDieAndComeBack() {
    String id = autoscalingCluster(unique("workers-die"));
    awaitStatus(id, "active");
    // Long enough that the short-lived status is seen on a loaded machine.
    sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofSeconds(3)));
    sandbox.operator().failWorkers("ray", id + "-kuberay", "wg", 1);
    awaitStatus(id, "worker_nodes_died");
    awaitStatus(id, "active");
    // Announced as the Python service did: workers up again, not a cluster that became ready.
    List<String> types = eventTypes(id);
    assertThat(types).containsSubsequence("CLUSTER_READY", "WORKER_NODES_DIED", "WORKER_NODES_UP");
    assertThat(types.subList(types.lastIndexOf("WORKER_NODES_DIED"), types.size()))
        .doesNotContain("CLUSTER_READY");
    assertThat(api.get("/cluster/" + id + "/metadata").data().get("ui_status").asString())
        .isEqualTo("active");
  }

  @Test
  void theAutoscalerScalesUpAndDown() {
    String id = autoscalingCluster(unique("scales"));
    awaitStatus(id, "active");
    sandbox.operator().scaleGroup("ray", id + "-kuberay", "wg", 3);
    // Scaled as soon as one more worker is ready; the second may be counted a pass later.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              JsonNode metadata = api.get("/cluster/" + id + "/metadata").data();
              assertThat(metadata.get("status").asString()).isEqualTo("worker_nodes_scaled");
              assertThat(metadata.get("active_pods").asInt()).isEqualTo(4);
            });
    sandbox.operator().scaleGroup("ray", id + "-kuberay", "wg", 1);
    awaitStatus(id, "active");
    // Scaled down is recorded but not forwarded to Chronos (the Python service sent nothing).
    List<String> types = eventTypes(id);
    assertThat(types).containsSubsequence("WORKER_NODES_SCALED", "WORKER_NODES_SCALED_DOWN");
    assertThat(types.subList(types.lastIndexOf("WORKER_NODES_SCALED"), types.size()))
        .doesNotContain("CLUSTER_READY");
  }

  @Test
  void aLostHeadIsHeadNodeDiedUntilItIsBack() {
    String id = autoscalingCluster(unique("head-dies"));
    awaitStatus(id, "active");
    // Long enough that the short-lived status is seen on a loaded machine.
    sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofSeconds(3)));
    sandbox.operator().killHead("ray", id + "-kuberay");
    awaitStatus(id, "head_node_died");
    // UI grouping: a dead head shows as "creating".
    assertThat(api.get("/cluster/" + id + "/metadata").data().get("ui_status").asString())
        .isEqualTo("creating");
    awaitStatus(id, "active");
    assertThat(eventTypes(id))
        .containsSubsequence("CLUSTER_READY", "HEAD_NODE_DIED", "HEAD_NODE_UP", "CLUSTER_READY");
  }

  @Test
  void headAndWorkersLostIsClusterDied() {
    String id = autoscalingCluster(unique("all-die"));
    awaitStatus(id, "active");
    sandbox.operator().setDelays(OperatorDelays.uniform(Duration.ofSeconds(3)));
    sandbox.operator().failWorkers("ray", id + "-kuberay", "wg", 1);
    sandbox.operator().killHead("ray", id + "-kuberay");
    awaitStatus(id, "cluster_died");
    // The workers are back before Jupyter (a head with Jupyter but no workers would be
    // worker_nodes_died, then announced as workers up). Head, Jupyter and workers may still turn
    // ready in one observation: the way back is announced step by step either way.
    sandbox
        .operator()
        .setDelays(
            new OperatorDelays(
                Duration.ofMillis(400), Duration.ofSeconds(1), Duration.ofMillis(400)));
    awaitStatus(id, "active");
    List<String> types = eventTypes(id);
    List<String> afterDeath = types.subList(types.lastIndexOf("CLUSTER_DIED"), types.size());
    assertThat(afterDeath).containsSubsequence("CLUSTER_DIED", "HEAD_NODE_UP", "JUPYTER_UP");
    // On a busy machine the workers can still be back after Jupyter despite the delays: then the
    // cluster is short of workers first, and their return is announced as such, not as ready.
    if (afterDeath.contains("WORKER_NODES_DIED")) {
      assertThat(afterDeath)
          .containsSubsequence("JUPYTER_UP", "WORKER_NODES_DIED", "WORKER_NODES_UP")
          .doesNotContain("CLUSTER_READY");
    } else {
      assertThat(afterDeath).containsSubsequence("JUPYTER_UP", "CLUSTER_READY");
    }
  }

  @Test
  void anInvalidSpecEventBecomesAnErrorEventAndTheStatusMessage() {
    // KubeRay creates no pods for a spec it rejects: the operator is held back here.
    sandbox.operator().pause();
    try {
      rejectedSpecIsReported();
    } finally {
      sandbox.operator().resume();
    }
  }

  private void rejectedSpecIsReported() {
    String id = create(ClusterRequests.quickStart(unique("invalid")));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                com.darwin.compute.core.kube.RayClusterKind.in(sandbox.kubernetes().client())
                        .inNamespace("ray")
                        .withName(id + "-kuberay")
                        .get()
                    != null);
    sandbox
        .operator()
        .emitEvent(
            "ray", id + "-kuberay", "InvalidRayClusterSpec", "groupName is required", "Warning");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var events =
                  api.get("/cluster/" + id + "/events?types=INVALID_SPEC").data().get("events");
              assertThat(events.size()).isEqualTo(1);
              assertThat(events.get(0).get("severity").asString()).isEqualTo("ERROR");
              assertThat(events.get(0).get("source").asString()).isEqualTo("KUBERNETES");
              assertThat(events.get(0).get("message").asString()).contains("groupName is required");
              assertThat(
                      api.get("/cluster/" + id + "/metadata")
                          .data()
                          .get("status_message")
                          .asString())
                  .contains("KubeRay rejected the spec");
            });
    // Later passes of the reconciler keep the message while the cluster is stuck.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                api.get("/cluster/" + id + "/metadata")
                    .data()
                    .get("status_message")
                    .asString()
                    .contains("KubeRay rejected the spec"));
    assertThat(status(id)).isEqualTo("creating");
  }
}
