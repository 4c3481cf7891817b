package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Runs, actions, events, pods and resource usage of a cluster, read over HTTP. */
class HistoryIT extends ApiIntegrationTest {

  private String activeClusterWithTwoRuns() {
    String id = create(ClusterRequests.quickStart(unique("history")));
    awaitStatus(id, "active");
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    assertThat(api.post("/cluster/start-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "active");
    return id;
  }

  @Test
  void actionGroupsHaveOneGroupPerRunWithDefaults() {
    String id = activeClusterWithTwoRuns();
    Api.Response groups = api.get("/cluster/get-action-groups/" + id);
    assertThat(groups.status()).as(groups.raw()).isEqualTo(200);
    JsonNode data = groups.data();
    assertThat(data.size()).isEqualTo(2);
    JsonNode newest = data.get(0);
    assertThat(newest.get("first_event").get("event_name").asString()).isEqualTo("Started");
    assertThat(newest.get("first_event").get("actor").asString()).isEqualTo("user@example.com");
    assertThat(newest.get("last_event").get("event_name").asString()).isEqualTo("Running");
    assertThat(newest.get("count_of_events").asLong()).isGreaterThanOrEqualTo(4);
    JsonNode oldest = data.get(1);
    assertThat(oldest.get("last_event").get("event_name").asString()).isEqualTo("Stopped");

    Api.Response oldestFirst =
        api.get("/cluster/get-action-groups/" + id + "?sort_order=asc&page_size=1");
    assertThat(oldestFirst.data().size()).isEqualTo(1);
    assertThat(oldestFirst.data().get(0).get("cluster_runtime_id").asString())
        .isEqualTo(oldest.get("cluster_runtime_id").asString());
    assertThat(api.get("/cluster/get-action-groups/" + id + "?offset=1&page_size=5").data().size())
        .isEqualTo(1);

    String run = newest.get("cluster_runtime_id").asString();
    Api.Response details = api.get("/cluster/get-action-group-details/" + run);
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.data().valueStream().map(a -> a.get("event_name").asString()).toList())
        .containsSubsequence("Started", "Head Node Up", "Jupyter Up", "Running");
    // Strings in the query never reach SQL: a hostile sort order is just rejected.
    assertThat(
            api.get("/cluster/get-action-groups/" + id + "?sort_order=desc;DROP%20TABLE%20clusters")
                .status())
        .isEqualTo(400);
    assertThat(api.get("/cluster/get-action-group-details/run_id-nope").status()).isEqualTo(404);
    assertThat(api.get("/cluster/get-action-groups/id-unknown23456789").status()).isEqualTo(404);
  }

  @Test
  void eventsArePagedFilteredAndOrdered() {
    String id = activeClusterWithTwoRuns();
    List<String> all = new ArrayList<>();
    String token = null;
    do {
      Api.Response page =
          api.get(
              "/cluster/"
                  + id
                  + "/events?order=asc&page_size=2"
                  + (token == null ? "" : "&page_token=" + token));
      assertThat(page.status()).as(page.raw()).isEqualTo(200);
      JsonNode events = page.data().get("events");
      assertThat(events.size()).isLessThanOrEqualTo(2);
      events
          .valueStream()
          .forEach(e -> all.add(e.get("id").asString() + ":" + e.get("type").asString()));
      JsonNode next = page.data().get("next_page_token");
      token = next == null || next.isNull() ? null : next.asString();
    } while (token != null);
    assertThat(all).doesNotHaveDuplicates();
    assertThat(all.stream().map(e -> e.substring(e.indexOf(':') + 1)).toList())
        .containsSubsequence(
            "CLUSTER_CREATED",
            "CLUSTER_START_REQUEST_RECEIVED",
            "HEAD_NODE_UP",
            "JUPYTER_UP",
            "CLUSTER_READY",
            "CLUSTER_STOPPED",
            "CLUSTER_START_REQUEST_RECEIVED",
            "CLUSTER_READY");

    Api.Response newestFirst =
        api.get("/cluster/" + id + "/events?page_size=1&types=CLUSTER_READY,CLUSTER_STOPPED");
    assertThat(newestFirst.data().get("events").get(0).get("type").asString())
        .isEqualTo("CLUSTER_READY");

    Api.Response stops =
        api.get("/cluster/" + id + "/events?types=CLUSTER_STOPPED,CLUSTER_CREATED");
    assertThat(stops.data().get("events").valueStream().map(e -> e.get("type").asString()).toList())
        .containsExactly("CLUSTER_STOPPED", "CLUSTER_CREATED");
    JsonNode stopped = stops.data().get("events").get(0);
    assertThat(stopped.get("actor").asString()).isEqualTo("user@example.com");

    Instant future = Instant.now().plusSeconds(3600);
    assertThat(api.get("/cluster/" + id + "/events?from=" + future).data().get("events").size())
        .isZero();
    assertThat(api.get("/cluster/" + id + "/events?to=" + future).data().get("events").size())
        .isPositive();

    assertThat(api.get("/cluster/" + id + "/events?types=NOPE").status()).isEqualTo(400);
    assertThat(api.get("/cluster/" + id + "/events?from=yesterday").status()).isEqualTo(400);
    assertThat(api.get("/cluster/" + id + "/events?page_token=garbage!").status()).isEqualTo(400);
    assertThat(api.get("/cluster/" + id + "/events?page_size=0").status()).isEqualTo(400);
    Api.Response sideways = api.get("/cluster/" + id + "/events?order=sideways");
    assertThat(sideways.status()).isEqualTo(400);
    assertThat(sideways.message()).isEqualTo("Invalid request: order must be asc or desc");
    assertThat(api.get("/cluster/id-unknown23456789/events").status()).isEqualTo(404);
  }

  @Test
  void podsAndResourcesOfARunningCluster() {
    String id = create(ClusterRequests.quickStart(unique("pods")));
    awaitStatus(id, "active");
    Api.Response pods = api.get("/cluster/" + id + "/pods");
    assertThat(pods.status()).isEqualTo(200);
    JsonNode list = pods.data().get("pods");
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0).get("node_type").asString()).isEqualTo("head");
    assertThat(list.get(0).get("group").asString()).isEqualTo("headgroup");
    assertThat(list.get(1).get("group").asString()).isEqualTo("wg");
    assertThat(list.valueStream().allMatch(p -> p.get("ready").asBoolean())).isTrue();
    assertThat(pods.data().get("Resources").get(0).get("Status").asString()).isEqualTo("Running");

    sandbox.ray().setCpu(id, 50, List.of(10.0));
    Api.Response resources = api.get("/cluster/" + id + "/resources");
    assertThat(resources.status()).as(resources.raw()).isEqualTo(200);
    assertThat(resources.data().get("cores_used").asDouble()).isEqualTo(30.0);
    assertThat(resources.data().get("memory_used").asDouble()).isEqualTo(12.5);
    assertThat(resources.data().get("nodes").asInt()).isEqualTo(2);

    sandbox.ray().fail(id, 503);
    Api.Response down = api.get("/cluster/" + id + "/resources");
    assertThat(down.status()).isEqualTo(502);
    assertThat(down.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(down.data().get("code").asString()).isEqualTo("RAY_UNAVAILABLE");
    // Not the dashboard's in-cluster address, nor the HTTP client's words.
    assertThat(down.message())
        .isEqualTo("The Ray dashboard of cluster " + id + " did not answer; try again");
    sandbox.ray().reset(id);

    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    Api.Response inactive = api.get("/cluster/" + id + "/resources");
    assertThat(inactive.status()).isEqualTo(200);
    assertThat(inactive.data().isNull()).isTrue();
    assertThat(inactive.message()).isEqualTo("Cluster is not active");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get("/cluster/" + id + "/pods").data().get("pods").isEmpty());
  }
}
