package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes events about a cluster's objects, from the API server's watch to the cluster's event
 * list: a burst is stored once each (in batches), an event seen again (a resync, an edit) is not
 * stored twice, and a repeated occurrence (its count goes up) is a new event.
 */
class KubernetesEventsIT extends ApiIntegrationTest {

  private static final String NAMESPACE = "ray";

  private List<JsonNode> events(String clusterId, String type) {
    Api.Response r =
        api.get("/cluster/" + clusterId + "/events?types=" + type + "&page_size=100&order=asc");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<JsonNode> list = new ArrayList<>();
    r.data().get("events").forEach(list::add);
    return list;
  }

  @Test
  void aBurstIsStoredOnceEachAndARepeatedOccurrenceIsANewEvent() {
    // Not started: the simulated operator writes no events of its own for it.
    String id = createStopped("k8s-events");
    String rayCluster = id + "-kuberay";
    List<Event> emitted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      emitted.add(
          sandbox.operator().emitEvent(NAMESPACE, rayCluster, "Created", "pod " + i, "Normal"));
    }
    sandbox
        .operator()
        .emitEvent(NAMESPACE, rayCluster, "FailedScheduling", "0/3 nodes are available", "Warning");

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(events(id, "KUBERNETES_EVENT")).hasSize(30);
              assertThat(events(id, "POD_FAILED_SCHEDULING")).hasSize(1);
            });
    List<JsonNode> stored = events(id, "KUBERNETES_EVENT");
    assertThat(stored)
        .extracting(e -> e.get("message").asString())
        .containsExactlyInAnyOrderElementsOf(
            emitted.stream().map(e -> "Created: " + e.getMessage()).toList());
    assertThat(stored)
        .allSatisfy(e -> assertThat(e.get("source").asString()).isEqualTo("KUBERNETES"));
    JsonNode unschedulable = events(id, "POD_FAILED_SCHEDULING").get(0);
    assertThat(unschedulable.get("severity").asString()).isEqualTo("WARNING");

    // Seen again without a new occurrence (an edit, as a resync delivers it): not stored again.
    var client = sandbox.kubernetes().client();
    client
        .v1()
        .events()
        .inNamespace(NAMESPACE)
        .withName(emitted.get(0).getMetadata().getName())
        .edit(
            e -> {
              e.setMessage("pod 0, edited");
              return e;
            });
    // Then a second occurrence of another one (its count goes up): a new event.
    client
        .v1()
        .events()
        .inNamespace(NAMESPACE)
        .withName(emitted.get(1).getMetadata().getName())
        .edit(
            e -> {
              e.setCount(2);
              e.setMessage("pod 1, again");
              return e;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(events(id, "KUBERNETES_EVENT"))
                    .extracting(e -> e.get("message").asString())
                    .contains("Created: pod 1, again"));
    // Both edits were delivered in order on one watch and recorded in order: the first is not in.
    assertThat(events(id, "KUBERNETES_EVENT"))
        .hasSize(31)
        .extracting(e -> e.get("message").asString())
        .doesNotContain("Created: pod 0, edited");
  }
}
