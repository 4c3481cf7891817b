package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.model.catalogue.ClusterConfigEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The routes the Darwin UI and operators use beyond the lifecycle: catalogues, label filters,
 * single-field edits, recently visited, cluster config, head node IP and the deep health check.
 * Requests are sent as the UI sends them, answers read as it reads them.
 */
class UiRoutesIT extends ApiIntegrationTest {
  /** cluster-config writes are for admins (compute.security.admins in the test profile). */
  private static final String ADMIN = "{\"email\": \"admin@example.com\"}";

  private static final String BOB = "{\"email\": \"bob@example.com\"}";

  private static String stopped(String name, String tag, String labelValue) {
    return ClusterRequests.stoppedQuickStart(name)
        .replace("\"tags\": [\"demo\"]", "\"tags\": [\"demo\", \"" + tag + "\"]")
        .replace(
            "\"user\": \"user@example.com\"",
            "\"user\": \"user@example.com\", \"labels\": {\"team\": \"" + labelValue + "\"}");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  private Api.Response ok(Api.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().get("status").asString()).isEqualTo("SUCCESS");
    return r;
  }

  private void accepted(Api.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
  }

  private void assertError(Api.Response r, int status) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(r.message()).isNotBlank();
  }

  /** The ids GET /recently-visited lists for this visitor, in its order. */
  private List<String> visitedIds(String visitor) {
    return ok(api.get("/recently-visited", visitor))
        .data()
        .valueStream()
        .map(r -> r.get("cluster_id").asString())
        .toList();
  }

  private List<String> eventMessages(String clusterId) {
    Api.Response events = ok(api.get("/cluster/" + clusterId + "/events?types=CLUSTER_UPDATED"));
    List<String> messages = new ArrayList<>();
    events.data().get("events").forEach(e -> messages.add(e.get("message").asString()));
    return messages;
  }

  @Test
  void staticCataloguesComeFromConfiguration() {
    assertThat(strings(ok(api.get("/get-disk-types")).data())).containsExactly("gp2", "gp3");

    JsonNode roles = ok(api.get("/get-instance-role")).data();
    assertThat(roles).hasSize(4);
    assertThat(roles.get(0).get("instance_role_id").asString()).isEqualTo("1");
    assertThat(roles.get(0).get("display_name").asString()).isEqualTo("darwin-ds-role");
    assertThat(roles.get(0).get("service_account_name").asString()).isEqualTo("darwin-ds-role");

    JsonNode zones = ok(api.get("/get-az")).data();
    assertThat(zones.get(0).get("az_id").asString()).isEqualTo("az_id");
    assertThat(zones.get(0).get("display_name").asString()).isEqualTo("az_name");

    JsonNode nodeTypes = ok(api.get("/node-types")).data();
    assertThat(nodeTypes.valueStream().map(t -> t.get("id").asString()).toList())
        .containsExactly("general", "compute", "memory", "disk", "gpu");
    assertThat(nodeTypes.get(4).get("label").asString()).isEqualTo("GPU Accelerator");

    // The bounds the create form offers are the ones a request is validated against.
    JsonNode limits = ok(api.get("/get-limits")).data();
    assertThat(limits.get("head_node_limits").get("cores").get("min").asInt()).isEqualTo(1);
    assertThat(limits.get("head_node_limits").get("cores").get("max").asInt()).isEqualTo(89);
    assertThat(limits.get("head_node_limits").get("memory").get("max").asInt()).isEqualTo(735);
    assertThat(limits.get("worker_node_limits").get("pods").get("min").asInt()).isZero();
    assertThat(limits.get("inactive_time_limits").get("min").asInt()).isEqualTo(5);
    JsonNode policy = limits.get("auto_termination_policy_default_settings");
    assertThat(policy.get("time").asInt()).isEqualTo(30);
    assertThat(policy.get("active_ray_job").asBoolean()).isTrue();
    // The Python service's defaults, which the UI pre-fills.
    assertThat(policy.get("head_node_threshold").asInt()).isEqualTo(100);
    assertThat(policy.get("head_node_without_worker_group_threshold").asInt()).isEqualTo(10);
    assertThat(policy.get("worker_group_threshold").asInt()).isEqualTo(5);
    assertThat(policy.get("jupyter_activity").get("expiry_time").asInt()).isEqualTo(5);
    String tooManyCores =
        ClusterRequests.quickStart(unique("limits"))
            .replace(
                "\"cores\": 4",
                "\"cores\": "
                    + (limits.get("head_node_limits").get("cores").get("max").asInt() + 1));
    assertError(api.post("/cluster", tooManyCores, Api.USER), 400);

    JsonNode events = ok(api.get("/events/default-logs")).data();
    assertThat(
            events.valueStream().filter(e -> e.get("event").asString().equals("CLUSTER_CREATED")))
        .singleElement()
        .satisfies(e -> assertThat(e.get("default").asBoolean()).isTrue());
    assertThat(events.valueStream().filter(e -> e.get("event").asString().equals("APPLY_FAILED")))
        .singleElement()
        .satisfies(e -> assertThat(e.get("default").asBoolean()).isFalse());
  }

  @Test
  void tagsOwnersAndLabelsAreCollectedFromEveryCluster() {
    String tag = "t" + Long.toString(System.nanoTime(), 36);
    create(stopped(unique("labels-a"), tag, "vision-" + tag));
    create(stopped(unique("labels-b"), tag + "x", "nlp-" + tag));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(strings(ok(api.get("/get-tags")).data())).contains(tag, tag + "x"));
    JsonNode filters = ok(api.get("/filters")).data();
    assertThat(strings(filters.get("status"))).containsExactly("inactive", "creating", "active");
    assertThat(strings(filters.get("users"))).contains("user@example.com");

    // Label values containing the text, under any key, case-insensitively; paged.
    JsonNode found =
        ok(api.get("/cluster/label/value?query=" + tag.toUpperCase() + "&page_size=1&offset=0"))
            .data();
    assertThat(found.get("query").asString()).isEqualTo(tag.toUpperCase());
    assertThat(strings(found.get("matches"))).containsExactly("nlp-" + tag);
    JsonNode pagination = found.get("pagination");
    assertThat(pagination.get("total_matches").asLong()).isEqualTo(2);
    assertThat(pagination.get("total_pages").asLong()).isEqualTo(2);
    assertThat(pagination.get("current_page").asInt()).isEqualTo(1);
    assertThat(pagination.get("has_next").asBoolean()).isTrue();
    assertThat(pagination.get("has_previous").asBoolean()).isFalse();
    JsonNode second =
        ok(api.get("/cluster/label/value?query=" + tag + "&page_size=1&offset=1")).data();
    assertThat(strings(second.get("matches"))).containsExactly("vision-" + tag);
    assertThat(second.get("pagination").get("has_next").asBoolean()).isFalse();
    assertThat(second.get("pagination").get("has_previous").asBoolean()).isTrue();
    // Regular-expression characters are plain text.
    assertThat(
            ok(api.get("/cluster/label/value?query=.*&page_size=10&offset=0"))
                .data()
                .get("matches"))
        .isEmpty();
    // Browsing everything is bounded tighter than a search, as in the Python service.
    assertError(api.get("/cluster/label/value?query=&page_size=51&offset=0"), 400);
    assertError(api.get("/cluster/label/value?query=x&page_size=0&offset=0"), 400);
    assertError(api.get("/cluster/label/value?query=x&page_size=5&offset=-1"), 400);
    assertError(api.get("/cluster/label/value?query=x&page_size=abc&offset=0"), 400);
    // A control character is refused as in every other text (it matched nothing).
    assertError(api.get("/cluster/label/value?query=te%00am&page_size=5&offset=0"), 400);
    assertError(api.get("/cluster/label/value?query=te%0Aam&page_size=5&offset=0"), 400);

    JsonNode values =
        ok(api.post("/cluster/label/value", "{\"keys\": [\"team\", \"missing-key\"]}")).data();
    assertThat(strings(values.get("keys"))).containsExactly("team", "missing-key");
    assertThat(strings(values.get("values").get("team"))).contains("vision-" + tag, "nlp-" + tag);
    assertThat(values.get("values").get("missing-key")).isEmpty();
    assertError(api.post("/cluster/label/value", "{\"keys\": []}"), 400);
    assertError(api.post("/cluster/label/value", "{\"keys\": [\"team\\\"] | *\"]}"), 400);
    assertError(api.post("/cluster/label/value", "{}"), 400);
  }

  @Test
  void singleFieldEditsChangeTheClusterItsSearchDocumentAndTimeline() {
    String tag = "e" + Long.toString(System.nanoTime(), 36);
    String name = unique("edit-me");
    String id = create(stopped(name, tag, "x"));
    String other = unique("edit-other");
    create(stopped(other, tag, "y"));
    // The edits are Bob's, whom the owner gives the right to manage the cluster.
    ok(
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"bob@example.com\", \"level\": \"can_manage\"}",
            Api.USER));

    // Rename.
    String newName = unique("renamed");
    Api.Response renamed =
        ok(api.put("/cluster/update-name/" + id, "{\"cluster_name\": \"" + newName + "\"}", BOB));
    assertThat(renamed.data().get("cluster_name").asString()).isEqualTo(newName);
    assertThat(api.get("/cluster/" + id).data().get("name").asString()).isEqualTo(newName);
    assertError(
        api.put("/cluster/update-name/" + id, "{\"cluster_name\": \"" + other + "\"}", BOB), 409);
    assertError(
        api.put("/cluster/update-name/" + id, "{\"cluster_name\": \"-bad name\"}", BOB), 400);
    assertError(api.put("/cluster/update-name/" + id, "{}", BOB), 400);
    assertError(
        api.put("/cluster/update-name/id-nosuchcluster0", "{\"cluster_name\": \"x1\"}", BOB), 404);

    // New owner: admins and delegates only. Not a can_manage share (it would take the cluster
    // and, with it, the owner's remote commands), nor the owner (the cluster would mount the new
    // owner's workspace, run the old owner's init script there, and stay shared with the old one).
    Api.Response bySharee =
        api.put("/cluster/user/" + id, "{\"cluster_user\": \"bob@example.com\"}", BOB);
    assertError(bySharee, 403);
    assertThat(bySharee.message())
        .contains("only admins and delegates may give a cluster to someone else");
    assertError(
        api.put("/cluster/user/" + id, "{\"cluster_user\": \"carol@example.com\"}", Api.USER), 403);
    assertThat(api.get("/cluster/" + id).data().get("user").asString())
        .isEqualTo("user@example.com");
    Api.Response owner =
        ok(api.put("/cluster/user/" + id, "{\"cluster_user\": \"carol@example.com\"}", ADMIN));
    assertThat(owner.data().asString()).isEqualTo("carol@example.com");
    assertThat(api.get("/cluster/" + id).data().get("user").asString())
        .isEqualTo("carol@example.com");
    assertError(
        api.put("/cluster/user/" + id, "{\"cluster_user\": \"not an email!\"}", ADMIN), 400);
    assertError(
        api.put("/cluster/user/" + id, "{\"cluster_user\": \"dan@example.com\"}", Api.NO_IDENTITY),
        401);

    // New tags replace the old ones.
    Api.Response tags =
        ok(
            api.put(
                "/cluster/update-tags/" + id,
                "{\"tags\": [\"" + tag + "-new\", \"" + tag + "-new\", \"b\"]}",
                BOB));
    assertThat(strings(tags.data().get("tags"))).containsExactly(tag + "-new", "b");
    assertThat(strings(api.get("/cluster/" + id).data().get("tags")))
        .containsExactly(tag + "-new", "b");
    assertError(api.put("/cluster/update-tags/" + id, "{\"tags\": [\"\"]}", BOB), 400);
    assertError(api.put("/cluster/update-tags/" + id, "{\"tags\": \"oops\"}", BOB), 400);

    // Each edit is on the timeline, with who made it.
    assertThat(eventMessages(id))
        .anySatisfy(
            m -> assertThat(m).contains("renamed").contains(newName).contains("bob@example.com"))
        .anySatisfy(m -> assertThat(m).contains("carol@example.com"))
        .anySatisfy(m -> assertThat(m).contains(tag + "-new"));

    // The search document follows through the outbox.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode hits =
                  ok(api.post(
                          "/cluster/search",
                          "{\"query\": \""
                              + newName
                              + "\", \"filters\": {\"tags\": {\"values\": [\""
                              + tag
                              + "-new\"]}}}"))
                      .data()
                      .get("body");
              assertThat(hits).hasSize(1);
              assertThat(hits.get(0).get("cluster_id").asString()).isEqualTo(id);
              assertThat(hits.get(0).get("created_by").asString()).isEqualTo("carol@example.com");
            });

    // Forced re-render: a new spec version, no restart.
    int version = artifactVersion(id);
    Api.Response forced = ok(api.put("/cluster/force/" + id, "", BOB));
    assertThat(forced.data().get("cluster_id").asString()).isEqualTo(id);
    assertThat(artifactVersion(id)).isEqualTo(version + 1);
    assertThat(status(id)).isEqualTo("inactive");
    assertError(api.put("/cluster/force/id-nosuchcluster0", "", null), 404);
  }

  private int artifactVersion(String clusterId) {
    String artifact =
        api.get("/cluster/" + clusterId + "/metadata").data().get("artifact_id").asString();
    return Integer.parseInt(artifact.substring(artifact.lastIndexOf("-v") + 2));
  }

  @Test
  void aStoppedClusterMovesToAnotherCloudEnvAndStartsThere() {
    String name = unique("mover");
    String id = create(ClusterRequests.quickStart(name));
    assertError(api.put("/cluster/" + id + "/cloud-env/sandbox-east", "", Api.USER), 409);
    awaitStatus(id, "active");
    accepted(api.post("/cluster/stop-cluster/" + id, null, Api.USER));
    awaitStatus(id, "inactive");

    assertError(api.put("/cluster/" + id + "/cloud-env/nowhere", "", Api.USER), 400);
    assertError(api.put("/cluster/" + id + "/cloud-env/sandbox-east", "", Api.NO_IDENTITY), 401);
    assertError(api.put("/cluster/id-nosuchcluster0/cloud-env/sandbox-east", "", Api.USER), 404);

    // The target is reserved (application-test.yml): bob may not move his own cluster there.
    String bobs =
        ok(api.post(
                "/cluster",
                stopped(unique("bobs-mover"), "b", "b")
                    .replace("\"user@example.com\"", "\"bob@example.com\""),
                BOB))
            .data()
            .get("cluster_id")
            .asString();
    Api.Response reserved = api.put("/cluster/" + bobs + "/cloud-env/sandbox-east", "", BOB);
    assertError(reserved, 403);
    assertThat(reserved.message()).contains("were not granted cloud_env sandbox-east");
    assertThat(api.get("/cluster/" + bobs + "/metadata").data().get("cloud_env").asString())
        .isEqualTo("sandbox");

    Api.Response moved = ok(api.put("/cluster/" + id + "/cloud-env/sandbox-east", "", Api.USER));
    assertThat(moved.data().get("cloud_env").asString()).isEqualTo("sandbox-east");
    JsonNode metadata = api.get("/cluster/" + id + "/metadata").data();
    assertThat(metadata.get("cloud_env").asString()).isEqualTo("sandbox-east");
    // An edit as the UI and the Python SDK send it (no cloud_env) keeps it where it now lives.
    ok(api.put("/cluster/" + id, ClusterRequests.stoppedQuickStart(name), Api.USER));
    assertThat(api.get("/cluster/" + id + "/metadata").data().get("cloud_env").asString())
        .isEqualTo("sandbox-east");

    // It starts on the new target: its pods are in that target's namespace.
    accepted(api.post("/cluster/start-cluster/" + id, null, Api.USER));
    awaitStatus(id, "active");
    assertThat(
            sandbox.kubernetes().client().pods().inNamespace("ray-east").list().getItems().stream()
                .map(p -> p.getMetadata().getName())
                .filter(n -> n.contains(id))
                .toList())
        .isNotEmpty();
    String ip =
        ok(api.get("/cluster/" + id + "/head-node-ip")).data().get("head_node_ip").asString();
    assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    accepted(api.post("/cluster/stop-cluster/" + id, null, Api.USER));
    assertError(api.get("/cluster/" + id + "/head-node-ip"), 409);
    assertError(api.get("/cluster/id-nosuchcluster0/head-node-ip"), 404);
  }

  @Test
  void recentlyVisitedListsTheCallersLastThreeExistingClusters() {
    String visitor = "{\"email\": \"visitor" + System.nanoTime() + "@example.com\"}";
    String tag = "v" + Long.toString(System.nanoTime(), 36);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(create(stopped(unique("visited" + i), tag, "v")));
    }
    assertError(api.get("/recently-visited", Api.NO_IDENTITY), 401);
    for (String id : ids) {
      Api.Response visit =
          ok(api.post("/recently-visited", "{\"cluster_id\": \"" + id + "\"}", visitor));
      assertThat(visit.data().get("updatedCount").asInt()).isEqualTo(1);
    }
    // Visiting again moves the cluster to the top.
    Api.Response again =
        ok(api.post("/recently-visited", "{\"cluster_id\": \"" + ids.get(0) + "\"}", visitor));
    assertThat(again.data().get("updatedCount").asInt()).isEqualTo(2);

    JsonNode recent = ok(api.get("/recently-visited", visitor)).data();
    assertThat(recent.valueStream().map(r -> r.get("cluster_id").asString()).toList())
        .containsExactly(ids.get(0), ids.get(3), ids.get(2));
    JsonNode first = recent.get(0);
    assertThat(first.get("cluster_name").asString()).startsWith("visited0");
    assertThat(first.get("status").asString()).isEqualTo("inactive");
    assertThat(first.get("total_cores").asInt()).isEqualTo(4 + 2 * 2);
    assertThat(first.get("total_memory").asInt()).isEqualTo(8 + 4 * 2);
    assertThat(first.get("last_visited").asString()).isNotBlank();

    // A deleted cluster leaves the list.
    ok(api.delete("/cluster/" + ids.get(0), Api.USER));
    assertThat(visitedIds(visitor)).containsExactly(ids.get(3), ids.get(2), ids.get(1));

    assertError(
        api.post("/recently-visited", "{\"cluster_id\": \"" + ids.get(1) + "\"}", Api.NO_IDENTITY),
        401);
    // A delegate acting for the visitor records and reads the visitor's own list.
    String email = visitor.replaceAll(".*\"email\": \"([^\"]+)\".*", "$1");
    Api.Response forVisitor =
        ok(
            api.send(
                "POST",
                "/recently-visited",
                "{\"cluster_id\": \"" + ids.get(1) + "\"}",
                Api.as("workspace-service"),
                "on-behalf-of",
                email));
    assertThat(forVisitor.data().get("updatedCount").asInt()).isEqualTo(2);
    assertThat(visitedIds(visitor)).containsExactly(ids.get(1), ids.get(3), ids.get(2));
    assertThat(
            ok(api.send(
                    "GET", "/recently-visited", Api.as("workspace-service"), "on-behalf-of", email))
                .data()
                .valueStream()
                .map(r -> r.get("cluster_id").asString())
                .toList())
        .containsExactly(ids.get(1), ids.get(3), ids.get(2));

    assertError(
        api.post("/recently-visited", "{\"cluster_id\": \"id-nosuchcluster0\"}", visitor), 404);
    assertError(api.post("/recently-visited", "{}", visitor), 400);
  }

  @Test
  void visitsAndSettingsKeepTextBeyondLatin1() {
    // The header is JSON, so its escapes keep it ASCII on the wire; the email is not.
    String visitor =
        "{\"email\": \"\\u0142ukasz-\\u6570\\u636e-\\ud83d\\ude80-"
            + System.nanoTime()
            + "@example.com\"}";
    String id = create(stopped(unique("visited-utf8"), "utf8", "v"));
    ok(api.post("/recently-visited", "{\"cluster_id\": \"" + id + "\"}", visitor));
    assertThat(visitedIds(visitor)).containsExactly(id);

    String key = "ui_it_utf8_" + System.nanoTime();
    String value = "donn\u00e9es \u6570\u636e \ud83d\ude80";
    Api.Response created =
        api.post(
            "/cluster-config", "{\"key\": \"" + key + "\", \"value\": \"" + value + "\"}", ADMIN);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(ok(api.get("/cluster-config/" + key)).data().get("value").asString())
        .isEqualTo(value);

    // The longest value the API takes, in characters of two to four bytes each.
    String longest =
        "\u00e9".repeat(30_000) + "\ud83d\ude80".repeat(10_000) + "\u6570".repeat(15_535);
    assertThat(longest.codePointCount(0, longest.length()))
        .isEqualTo(ClusterConfigEntry.MAX_VALUE_LENGTH - 10_000);
    String longKey = key + "_long";
    Api.Response createdLong =
        api.post(
            "/cluster-config",
            "{\"key\": \"" + longKey + "\", \"value\": \"" + longest + "\"}",
            ADMIN);
    assertThat(createdLong.status()).as(createdLong.raw()).isEqualTo(201);
    assertThat(ok(api.get("/cluster-config/" + longKey)).data().get("value").asString())
        .isEqualTo(longest);
    String longer = "\u6570".repeat(ClusterConfigEntry.MAX_VALUE_LENGTH);
    Api.Response updatedLong =
        api.put("/cluster-config/" + longKey, "{\"value\": \"" + longer + "\"}", ADMIN);
    assertThat(updatedLong.status()).as(updatedLong.raw()).isEqualTo(201);
    assertThat(ok(api.get("/cluster-config/" + longKey)).data().get("value").asString())
        .isEqualTo(longer);
  }

  @Test
  void clusterConfigKeepsOperatorSettings() {
    String key = "ui_it_" + System.nanoTime();
    assertError(api.get("/cluster-config/" + key), 404);
    Api.Response created =
        api.post("/cluster-config", "{\"key\": \"" + key + "\", \"value\": \"kind-0\"}", ADMIN);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().get("data").isNull()).isTrue();
    assertError(
        api.post("/cluster-config", "{\"key\": \"" + key + "\", \"value\": \"x\"}", ADMIN), 409);
    assertThat(ok(api.get("/cluster-config/" + key)).data().get("value").asString())
        .isEqualTo("kind-0");

    Api.Response updated = api.put("/cluster-config/" + key, "{\"value\": \"eks-1\"}", ADMIN);
    assertThat(updated.status()).as(updated.raw()).isEqualTo(201);
    assertThat(ok(api.get("/cluster-config/" + key)).data().get("value").asString())
        .isEqualTo("eks-1");
    assertError(api.put("/cluster-config/" + key + "_missing", "{\"value\": \"x\"}", ADMIN), 404);

    JsonNode list = ok(api.get("/cluster-config?offset=0&limit=1000")).data();
    assertThat(list.valueStream().filter(e -> e.get("key").asString().equals(key)))
        .singleElement()
        .satisfies(e -> assertThat(e.get("value").asString()).isEqualTo("eks-1"));

    assertError(
        api.post("/cluster-config", "{\"key\": \"bad key\", \"value\": \"x\"}", ADMIN), 400);
    assertError(api.post("/cluster-config", "{\"key\": \"k\"}", ADMIN), 400);
    // A JSON escape: a lone surrogate would be stored as '?'.
    assertError(
        api.post("/cluster-config", "{\"key\": \"" + key + "_s\", \"value\": \"\\ud800\"}", ADMIN),
        400);
    assertError(api.put("/cluster-config/" + key, "{\"value\": \"a\\u0000b\"}", ADMIN), 400);
    assertError(api.put("/cluster-config/" + key, "{}", ADMIN), 400);
    assertError(api.get("/cluster-config?limit=0"), 400);
    assertError(api.get("/cluster-config?offset=100000000&limit=10"), 400);
    assertError(api.get("/cluster-config?offset=999999&limit=10"), 404);
  }

  @Test
  void theDefaultCloudEnvIsARuntimeSetting() {
    Api.Response set =
        api.get("/cluster-config/cloud_env").status() == 404
            ? api.post(
                "/cluster-config", "{\"key\": \"cloud_env\", \"value\": \"sandbox-east\"}", ADMIN)
            : api.put("/cluster-config/cloud_env", "{\"value\": \"sandbox-east\"}", ADMIN);
    assertThat(set.status()).as(set.raw()).isEqualTo(201);
    try {
      String placed = create(stopped(unique("placed"), "p", "p"));
      assertThat(api.get("/cluster/" + placed + "/metadata").data().get("cloud_env").asString())
          .isEqualTo("sandbox-east");
      // Job clusters have their own key; without it they get the configured default.
      String job =
          create(
              stopped(unique("placed-job"), "p", "p")
                  .replace(
                      "\"inactive_time\": 30", "\"inactive_time\": 30, \"is_job_cluster\": true"));
      assertThat(api.get("/cluster/" + job + "/metadata").data().get("cloud_env").asString())
          .isEqualTo("sandbox");
      // A value naming no target is ignored rather than failing every create.
      api.put("/cluster-config/cloud_env", "{\"value\": \"nowhere\"}", ADMIN);
      String fallback = create(stopped(unique("placed-fallback"), "p", "p"));
      assertThat(api.get("/cluster/" + fallback + "/metadata").data().get("cloud_env").asString())
          .isEqualTo("sandbox");
    } finally {
      api.put("/cluster-config/cloud_env", "{\"value\": \"sandbox\"}", ADMIN);
    }
  }

  @Test
  void deepHealthPingsEveryDependency() {
    JsonNode health = ok(api.get("/health/deep")).data();
    assertThat(health.get("compute").asString()).isEqualTo("SUCCESS");
    assertThat(health.get("dcm").asString()).isEqualTo("SUCCESS");
    assertThat(health.get("checks").get("mysql").asString()).isEqualTo("SUCCESS");
    assertThat(health.get("checks").get("elasticsearch").asString()).isEqualTo("SUCCESS");
    assertThat(health.get("checks").get("kubernetes.sandbox").asString()).isEqualTo("SUCCESS");
  }

  @Test
  void everyRouteIsInTheOpenApiDocument() {
    JsonNode paths = api.get("/v3/api-docs").body().get("paths");
    assertThat(paths.propertyNames())
        .contains(
            "/get-disk-types",
            "/get-instance-role",
            "/get-az",
            "/get-tags",
            "/get-limits",
            "/node-types",
            "/filters",
            "/events/default-logs",
            "/cluster/label/value",
            "/recently-visited",
            "/cluster/update-name/{clusterId}",
            "/cluster/user/{clusterId}",
            "/cluster/update-tags/{clusterId}",
            "/cluster/{clusterId}/cloud-env/{cloudEnv}",
            "/cluster/force/{clusterId}",
            "/cluster/{clusterId}/head-node-ip",
            "/health/deep",
            "/cluster-config",
            "/cluster-config/{key}");
  }
}
