package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Search is served from Elasticsearch, kept in step with MySQL through the outbox. */
class SearchIT extends ApiIntegrationTest {

  private static String body(String name, String user, String label, boolean start) {
    return ClusterRequests.quickStart(name)
        .replace(
            "\"user\": \"user@example.com\"",
            "\"user\": \"" + user + "\", \"labels\": {\"team\": \"" + label + "\"}")
        .replace("\"start_cluster\": true", "\"start_cluster\": " + start);
  }

  private List<String> ids(JsonNode data) {
    return data.get("body").valueStream().map(h -> h.get("cluster_id").asString()).toList();
  }

  private Api.Response search(String json) {
    Api.Response r = api.post("/cluster/search", json);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r;
  }

  /** Searches until the hits' ids meet the expectation (documents reach the index in batches). */
  private void awaitIds(String json, Consumer<ListAssert<String>> expectation) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> expectation.accept(assertThat(ids(search(json).data()))));
  }

  @Test
  void findsClustersByNameOwnerStatusAndLabels() {
    String tag = Long.toString(System.nanoTime(), 36);
    String alice = "alice" + tag + "@example.com";
    String a = create(body("Search-Alpha-" + tag, alice, "vision" + tag, false));
    String b = create(body("search-beta-" + tag, alice, "nlp" + tag, true));
    String c =
        create(body("search-gamma-" + tag, "bob" + tag + "@example.com", "vision" + tag, false));

    // Name contains, case-insensitive.
    awaitIds(
        "{\"query\": \"SEARCH-\", \"filters\": {\"user\": {\"values\": [\"" + alice + "\"]}}}",
        hits -> hits.containsExactlyInAnyOrder(a, b));

    // A label value under any key, excluded owner. c was created after a and b: it may reach the
    // index in a later batch of the outbox.
    awaitIds(
        "{\"filters\": {\"labels\": {\"values\": [\"vision"
            + tag
            + "\"]}, \"user\": {\"values\": [\""
            + alice
            + "\"], \"exclude\": true}}}",
        hits -> hits.containsExactly(c));

    // UI status filter; b was started, so it is creating or active, never inactive.
    awaitIds(
        "{\"query\": \"" + tag + "\", \"filters\": {\"status\": {\"values\": [\"active\"]}}}",
        hits -> hits.containsExactly(b));
    Api.Response inactive =
        search(
            "{\"query\": \""
                + tag
                + "\", \"filters\": {\"status\": {\"values\": [\"inactive\"]}}, \"sort_by\": \"name\", \"sort_order\": \"asc\"}");
    assertThat(ids(inactive.data())).containsExactly(a, c);
    JsonNode hit = inactive.data().get("body").get(0);
    assertThat(hit.get("status").asString()).isEqualTo("inactive");
    assertThat(hit.get("created_by").asString()).isEqualTo(alice);
    assertThat(hit.get("labels").get("team").asString()).isEqualTo("vision" + tag);
    assertThat(hit.get("cpu").get("total").asInt()).isEqualTo(4 + 2 * 2);
    assertThat(hit.get("memory").get("total").asInt()).isEqualTo(8 + 4 * 2);

    // Paging: totals stay, pages differ.
    Api.Response page1 =
        search(
            "{\"query\": \""
                + tag
                + "\", \"page_size\": 2, \"offset\": 0, \"sort_by\": \"name\", \"sort_order\": \"asc\"}");
    Api.Response page2 =
        search(
            "{\"query\": \""
                + tag
                + "\", \"page_size\": 2, \"offset\": 2, \"sort_by\": \"name\", \"sort_order\": \"asc\"}");
    assertThat(page1.data().get("pagination").get("total_matches").asLong()).isEqualTo(3);
    assertThat(ids(page1.data())).hasSize(2);
    assertThat(ids(page2.data())).hasSize(1).doesNotContainAnyElementsOf(ids(page1.data()));

    // Job clusters are hidden unless asked for.
    assertThat(
            ids(
                search(
                        "{\"query\": \""
                            + tag
                            + "\", \"filters\": {\"is_job_cluster\": {\"values\": [true]}}}")
                    .data()))
        .isEmpty();
  }

  /**
   * Label keys that an object mapping cannot hold side by side: {@code team} (a value) beside
   * {@code team.name} (which made {@code team} an object), and {@code a..b} (an empty path
   * segment). Whichever came second was never indexed, for any user, and its outbox row retried for
   * good; so was every cluster with a new key once the index had a thousand fields.
   */
  @Test
  void clustersWithAnyLabelKeysAreIndexedSearchedAndFaceted() {
    String tag = Long.toString(System.nanoTime(), 36);
    // Cluster i is named labels-i-<tag> and has the one label keys[i] = v-i-<tag>.
    List<String> keys = List.of("team", "team.name", "a..b");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      ids.add(
          create(
              ClusterRequests.stoppedQuickStart("labels-" + i + "-" + tag)
                  .replace(
                      "\"user\": \"user@example.com\"",
                      "\"user\": \"user@example.com\", \"labels\": {\""
                          + keys.get(i)
                          + "\": \"v-"
                          + i
                          + "-"
                          + tag
                          + "\"}")));
    }
    awaitIds(
        "{\"query\": \"labels-\", \"filters\": {\"labels\": {\"values\": [\"v-0-"
            + tag
            + "\", \"v-1-"
            + tag
            + "\", \"v-2-"
            + tag
            + "\"]}}}",
        hits -> hits.containsExactlyInAnyOrderElementsOf(ids));
    JsonNode hit = search("{\"query\": \"labels-1-" + tag + "\"}").data().get("body").get(0);
    assertThat(hit.get("labels").get("team.name").asString()).isEqualTo("v-1-" + tag);

    JsonNode values =
        api.post("/cluster/label/value", "{\"keys\": [\"team\", \"team.name\", \"a..b\"]}")
            .data()
            .get("values");
    for (int i = 0; i < keys.size(); i++) {
      List<String> ofKey = values.get(keys.get(i)).valueStream().map(JsonNode::asString).toList();
      for (int j = 0; j < keys.size(); j++) {
        if (i == j) {
          assertThat(ofKey).as(keys.get(i)).contains("v-" + j + "-" + tag);
        } else {
          assertThat(ofKey).as(keys.get(i)).doesNotContain("v-" + j + "-" + tag);
        }
      }
    }
  }

  @Test
  void searchV1KeepsThePythonSdkShape() {
    String tag = Long.toString(System.nanoTime(), 36);
    String id = create(body("v1-cluster-" + tag, "carol" + tag + "@example.com", "x" + tag, false));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Api.Response r =
                  api.post(
                      "/search",
                      "{\"query\": \"v1-cluster-"
                          + tag
                          + "\", \"filters\": {}, \"sort_by\": \"created_on\", \"sort_order\": \"desc\", \"page_size\": 10, \"offset\": 0}");
              assertThat(r.status()).as(r.raw()).isEqualTo(200);
              assertThat(r.body().get("status").asString()).isEqualTo("SUCCESS");
              assertThat(r.body().get("result_size").asLong()).isEqualTo(1);
              JsonNode row = r.body().get("data").get(0);
              assertThat(row.get("cluster_id").asString()).isEqualTo(id);
              assertThat(row.get("create_by").asString()).isEqualTo("carol" + tag + "@example.com");
              assertThat(row.get("jupyter_lab_link").asString()).endsWith(id + "-jupyter");
              assertThat(row.get("total_cores").asInt()).isEqualTo(8);
            });
  }

  @Test
  void deletedClustersLeaveTheIndex() {
    String tag = Long.toString(System.nanoTime(), 36);
    String id = create(body("gone-" + tag, "dave@example.com", "y" + tag, false));
    awaitIds("{\"query\": \"gone-" + tag + "\"}", hits -> hits.containsExactly(id));
    assertThat(api.delete("/cluster/" + id, Api.as("dave@example.com")).status()).isEqualTo(200);
    awaitIds("{\"query\": \"gone-" + tag + "\"}", hits -> hits.isEmpty());
  }
}
