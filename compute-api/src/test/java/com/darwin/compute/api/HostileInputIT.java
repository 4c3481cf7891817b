package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.isolation.ClusterJobFailures;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.termination.AutoTerminationSweep;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Input as an attacker or a clumsy user sends it, generated field by field over every route that
 * takes a cluster, plus bad ids on every id route, bad search input and bad HTTP. For every case:
 * no 5xx, the answer is the JSON envelope, nothing is created or changed. Afterwards the
 * auto-termination sweep still stops an idle canary, also with a poison cluster beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(
    properties = {
      "compute.termination.sweep-interval=1s",
      "compute.termination.min-inactive-minutes=0",
      "compute.alerts.dedupe-window=1h"
    })
@OwnContext
class HostileInputIT extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Autowired ClusterRepository clusters;
  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterJobFailures jobFailures;

  /** A stopped cluster every PUT case tries to change. */
  private String target;

  private String targetSpec;

  @BeforeEach
  void stoppedTarget() {
    if (target == null) {
      target = create(base(unique("target")).toString());
      targetSpec = spec(target);
    }
  }

  // --- the valid request every case starts from ------------------------------------------------

  private static ObjectNode base(String name) {
    ObjectNode body = (ObjectNode) JSON.readTree(ClusterRequests.quickStart(name));
    body.put("start_cluster", false);
    body.set("labels", JSON.readTree("{\"team\": \"ml\"}"));
    ((ObjectNode) body.get("head_node_config"))
        .set("disk_setting", JSON.readTree("{\"disk_type\": \"gp2\", \"storage_size\": 10}"));
    body.set(
        "auto_termination_policies",
        JSON.readTree(
            """
            [{"policy_name": "JupyterLabActivity", "params": {"expiry_time": 30}},
             {"policy_name": "ClusterCPUUsage",
              "params": {"head_node_cpu_usage_threshold": 90, "worker_node_cpu_usage_threshold": 10}}]
            """));
    body.set(
        "advance_config",
        JSON.readTree(
            """
            {"environment_variables": "TEAM=ml", "init_script": "echo hello", "log_path": "",
             "spark_config": {"spark.executor.memory": "2g"},
             "ray_params": {"object_store_memory": 25, "cpus_on_head": 1}}
            """));
    return body;
  }

  /**
   * The JSON text with every UTF-16 surrogate written as a {@code \\uXXXX} escape: sent as UTF-8, a
   * lone surrogate would otherwise become {@code ?} on the client, and never reach the service.
   */
  static String escapeSurrogates(String json) {
    StringBuilder sb = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Sets the value at a '/'-separated path (numbers index arrays; Spark keys keep their dots). */
  private static ObjectNode with(ObjectNode body, String path, JsonNode value) {
    ObjectNode copy = body.deepCopy();
    String[] parts = path.split("/");
    JsonNode node = copy;
    for (int i = 0; i < parts.length - 1; i++) {
      node = parts[i].matches("\\d+") ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
    }
    String last = parts[parts.length - 1];
    if (node instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) node).set(last, value);
    }
    return copy;
  }

  // --- the generated cases ---------------------------------------------------------------------

  record Case(String title, String body) {}

  static final List<String> INTEGER_FIELDS =
      List.of(
          "inactive_time",
          "head_node_config/cores",
          "head_node_config/memory",
          "head_node_config/disk_setting/storage_size",
          "worker_node_configs/0/cores_per_pods",
          "worker_node_configs/0/memory_per_pods",
          "worker_node_configs/0/min_pods",
          "worker_node_configs/0/max_pods",
          "advance_config/ray_params/object_store_memory",
          "advance_config/ray_params/cpus_on_head",
          "auto_termination_policies/0/params/expiry_time");

  /** Optional fields, for which null is a valid value. */
  static final Set<String> NULLABLE =
      Set.of(
          "advance_config/ray_params/object_store_memory",
          "advance_config/ray_params/cpus_on_head");

  static final List<String> PERCENT_FIELDS =
      List.of(
          "auto_termination_policies/1/params/head_node_cpu_usage_threshold",
          "auto_termination_policies/1/params/worker_node_cpu_usage_threshold");

  static final List<String> TEXT_FIELDS =
      List.of(
          "cluster_name",
          "tags/0",
          "labels/team",
          "runtime",
          "user",
          "cloud_env",
          "head_node_config/node_type",
          "head_node_config/disk_setting/disk_type",
          "worker_node_configs/0/node_type",
          "advance_config/environment_variables",
          "advance_config/init_script",
          "advance_config/log_path",
          "advance_config/spark_config/spark.executor.memory",
          "auto_termination_policies/0/policy_name");

  private static Map<String, JsonNode> integerValues() {
    Map<String, JsonNode> v = new LinkedHashMap<>();
    v.put("-5", NODES.numberNode(-5));
    v.put("fraction 4.5", NODES.numberNode(4.5));
    v.put("fraction 30.5", NODES.numberNode(30.5));
    v.put("1e308", NODES.numberNode(1e308));
    v.put("40 digits", JSON.readTree("1234567890123456789012345678901234567890"));
    v.put("2^31", NODES.numberNode(2147483648L));
    v.put("-2^31-1", NODES.numberNode(-2147483649L));
    v.put("a million", NODES.numberNode(1_000_000));
    v.put("text", NODES.stringNode("abc"));
    v.put("boolean", NODES.booleanNode(true));
    v.put("array", NODES.arrayNode());
    v.put("object", NODES.objectNode());
    v.put("null", NODES.nullNode());
    return v;
  }

  private static Map<String, JsonNode> percentValues() {
    Map<String, JsonNode> v = new LinkedHashMap<>();
    v.put("-1", NODES.numberNode(-1));
    v.put("101", NODES.numberNode(101));
    v.put("1e308", NODES.numberNode(1e308));
    v.put("-1e308", NODES.numberNode(-1e308));
    v.put("40 digits", JSON.readTree("1234567890123456789012345678901234567890"));
    v.put("text", NODES.stringNode("abc"));
    v.put("boolean", NODES.booleanNode(false));
    v.put("array", NODES.arrayNode());
    v.put("null", NODES.nullNode());
    return v;
  }

  private static Map<String, JsonNode> textValues() {
    Map<String, JsonNode> v = new LinkedHashMap<>();
    v.put("NUL", NODES.stringNode("\u0000"));
    v.put("NUL inside", NODES.stringNode("A=a\u0000b"));
    v.put("lone high surrogate", NODES.stringNode("x\ud800"));
    v.put("lone low surrogate", NODES.stringNode("\udc00x"));
    v.put("bell", NODES.stringNode("\u0007bell"));
    v.put("escape sequence", NODES.stringNode("\u001b[31mred"));
    v.put("non-character", NODES.stringNode("x\uffff"));
    v.put("100 KB", NODES.stringNode("x".repeat(100_000)));
    v.put("array", NODES.arrayNode().add("x"));
    v.put("object", NODES.objectNode().put("x", "y"));
    return v;
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String field : INTEGER_FIELDS) {
      integerValues()
          .forEach(
              (title, value) -> {
                if (!(title.equals("null") && NULLABLE.contains(field))) {
                  cases.add(
                      new Case(field + " = " + title, with(base("N"), field, value).toString()));
                }
              });
    }
    for (String field : PERCENT_FIELDS) {
      percentValues()
          .forEach(
              (title, value) ->
                  cases.add(
                      new Case(field + " = " + title, with(base("N"), field, value).toString())));
    }
    for (String field : TEXT_FIELDS) {
      textValues()
          .forEach(
              (title, value) ->
                  cases.add(
                      new Case(field + " = " + title, with(base("N"), field, value).toString())));
    }
    // The issue's own examples, and sizes Kubernetes would refuse.
    cases.add(
        new Case(
            "5 MB of environment variables",
            with(
                    base("N"),
                    "advance_config/environment_variables",
                    NODES.stringNode("BIG=" + "x".repeat(5 * 1024 * 1024)))
                .toString()));
    StringBuilder manyVariables = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      manyVariables.append("VAR_").append(i).append('=').append("v".repeat(20)).append('\n');
    }
    cases.add(
        new Case(
            "5000 environment variables",
            with(
                    base("N"),
                    "advance_config/environment_variables",
                    NODES.stringNode(manyVariables.toString()))
                .toString()));
    cases.add(
        new Case(
            "a 2 MB spark_config value",
            with(
                    base("N"),
                    "advance_config/spark_config/spark.executor.memory",
                    NODES.stringNode("x".repeat(2 * 1024 * 1024)))
                .toString()));
    ObjectNode manySpark = NODES.objectNode();
    for (int i = 0; i < 2000; i++) {
      manySpark.put("spark.darwin.key" + i, "v".repeat(200));
    }
    cases.add(
        new Case(
            "400 KB of spark_config",
            with(base("N"), "advance_config/spark_config", manySpark).toString()));
    ArrayNode groups = NODES.arrayNode();
    for (int i = 0; i < 10; i++) {
      groups.add(
          JSON.readTree(
              "{\"cores_per_pods\": 2, \"memory_per_pods\": 4, \"min_pods\": 1, \"max_pods\": 100}"));
    }
    cases.add(
        new Case(
            "1001 pods in one request", with(base("N"), "worker_node_configs", groups).toString()));
    ArrayNode manyTags = NODES.arrayNode();
    for (int i = 0; i < 10_000; i++) {
      manyTags.add("t" + i);
    }
    cases.add(new Case("10,000 tags", with(base("N"), "tags", manyTags).toString()));
    ObjectNode manyLabels = NODES.objectNode();
    for (int i = 0; i < 1000; i++) {
      manyLabels.put("k" + i, "v");
    }
    cases.add(new Case("1000 labels", with(base("N"), "labels", manyLabels).toString()));
    cases.add(
        new Case(
            "a 300-character label key",
            with(base("N"), "labels", NODES.objectNode().put("k".repeat(300), "v")).toString()));
    cases.add(
        new Case(
            "an unknown policy parameter",
            with(base("N"), "auto_termination_policies/0/params/rm_rf", NODES.numberNode(1))
                .toString()));
    cases.add(new Case("not JSON", "{\"cluster_name\": "));
    cases.add(new Case("a JSON array", "[1, 2, 3]"));
    cases.add(new Case("a JSON string", "\"cluster\""));
    cases.add(new Case("empty object", "{}"));
    cases.add(new Case("1000-deep nesting", "[".repeat(5000) + "]".repeat(5000)));
    return cases;
  }

  private String spec(String id) {
    return jdbc.queryForObject(
        "SELECT CONCAT(spec_version, ':', CAST(spec AS CHAR)) FROM clusters WHERE cluster_id = ?",
        String.class,
        id);
  }

  private static void assertEnvelope(String title, int status, JsonNode body, String raw) {
    assertThat(status).as(title + " -> " + abbreviate(raw)).isBetween(400, 499);
    assertThat(body).as(title + " -> " + abbreviate(raw)).isNotNull();
    assertThat(body.get("status").asString()).as(title).isEqualTo("ERROR");
    assertThat(body.has("data")).as(title).isTrue();
    assertThat(body.get("message").asString()).as(title).isNotBlank();
  }

  private static String abbreviate(String raw) {
    return raw == null || raw.length() < 600 ? raw : raw.substring(0, 600) + "...";
  }

  @Test
  void everyGeneratedBadRequestIsA4xxInTheEnvelopeAndChangesNothing() {
    assertThat(api.post("/cluster/cost/predict", base(unique("ok")).toString()).status())
        .as("the base request is valid")
        .isEqualTo(200);
    List<Case> cases = cases();
    assertThat(cases.size()).isGreaterThan(300);
    long clustersBefore = clusters.count();
    int requests = 0;
    for (Case c : cases) {
      String body = escapeSurrogates(c.body().replace("\"N\"", "\"" + unique("hostile") + "\""));
      Map<String, Supplier<Api.Response>> routes = new LinkedHashMap<>();
      routes.put("POST /cluster", () -> api.post("/cluster", body, Api.USER));
      routes.put("POST /cluster/manifest", () -> api.post("/cluster/manifest", body));
      routes.put("POST /cluster/cost/predict", () -> api.post("/cluster/cost/predict", body));
      routes.put("PUT /cluster/{id}", () -> api.put("/cluster/" + target, body, Api.USER));
      for (Map.Entry<String, Supplier<Api.Response>> route : routes.entrySet()) {
        Api.Response response;
        try {
          response = route.getValue().get();
        } catch (IllegalStateException notJson) {
          throw new AssertionError(route.getKey() + " with " + c.title() + ": " + notJson, notJson);
        }
        requests++;
        assertEnvelope(
            route.getKey() + " with " + c.title(),
            response.status(),
            response.body(),
            response.raw());
        if (c.title().contains(" = ")
            && response.data().get("code").asString().equals("VALIDATION_FAILED")) {
          // A field case names the field it broke (or its parent) in data.errors.
          String field = c.title().substring(0, c.title().indexOf(" = "));
          String top = field.split("/")[0];
          assertThat(response.raw()).as(route.getKey() + " with " + c.title()).contains(top);
        }
      }
    }
    assertThat(requests).isGreaterThan(1200);
    assertThat(clusters.count()).as("nothing created").isEqualTo(clustersBefore);
    assertThat(spec(target)).as("the PUT target is unchanged").isEqualTo(targetSpec);
  }

  @Test
  void theIssuesNumbersAreRefusedNamingTheField() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("head_node_config/cores=4.5", "head_node_config.cores");
    expected.put("worker_node_configs/0/max_pods=4.5", "worker_node_configs[0].max_pods");
    expected.put("inactive_time=30.5", "inactive_time");
    expected.put(
        "auto_termination_policies/0/params/expiry_time=-5",
        "auto_termination_policies[0].params.expiry_time");
    expected.put(
        "auto_termination_policies/0/params/expiry_time=1234567890123456789012345678901234567890",
        "auto_termination_policies[0].params.expiry_time");
    expected.put(
        "auto_termination_policies/1/params/head_node_cpu_usage_threshold=1e308",
        "auto_termination_policies[1].params.head_node_cpu_usage_threshold");
    expected.put("inactive_time=100000000", "inactive_time");
    expected.forEach(
        (edit, field) -> {
          String[] parts = edit.split("=", 2);
          String body = with(base(unique("num")), parts[0], JSON.readTree(parts[1])).toString();
          Api.Response response = api.post("/cluster", body, Api.USER);
          assertThat(response.status()).as(edit + " " + response.raw()).isEqualTo(400);
          assertThat(
                  response
                      .data()
                      .get("errors")
                      .valueStream()
                      .map(e -> e.get("field").asString())
                      .toList())
              .as(edit + " " + response.raw())
              .contains(field);
        });
  }

  @Test
  void textIsStoredExactlyAndBrokenTextIsRefused() {
    String name = unique("utf8");
    ObjectNode body = base(name);
    body.set("tags", NODES.arrayNode().add("données").add("数据").add("emoji-\ud83d\ude80"));
    body.set(
        "advance_config",
        ((ObjectNode) body.get("advance_config"))
            .put("environment_variables", "GREETING=grüß dich\nPATH_NOTE=日本"));
    String id = create(body.toString());
    JsonNode details = api.get("/cluster/" + id).data();
    assertThat(details.get("tags").valueStream().map(JsonNode::asString).toList())
        .containsExactly("données", "数据", "emoji-\ud83d\ude80");
    assertThat(details.toString()).contains("grüß dich").contains("日本");

    // Replacing the tags holds them to the same rules, and a refused list changes nothing.
    for (String tag : List.of("two\\nlines", "nul\\u0000", "\\ud800")) {
      Api.Response refused =
          api.put(
              "/cluster/update-tags/" + id,
              "{\"tags\": [\"ok\", \"ok\", \"" + tag + "\"]}",
              Api.USER);
      assertThat(refused.status()).as(tag + ": " + refused.raw()).isEqualTo(400);
      // Named by its place in the request, duplicates included.
      assertThat(refused.raw()).contains("\"field\":\"tags[2]\"");
    }
    assertThat(api.get("/cluster/" + id).data().get("tags").valueStream().map(JsonNode::asString))
        .containsExactly("données", "数据", "emoji-\ud83d\ude80");

    Api.Response lone =
        api.post(
            "/cluster",
            escapeSurrogates(
                with(base(unique("lone")), "tags/0", NODES.stringNode("a\ud800b")).toString()),
            Api.USER);
    assertThat(lone.status()).isEqualTo(400);
    assertThat(lone.raw()).contains("tags[0]").contains("surrogate");

    // Invalid UTF-8 in the body is a 400, not a 500 or a mangled value.
    byte[] valid = base(unique("bytes")).toString().getBytes(StandardCharsets.UTF_8);
    String text = new String(valid, StandardCharsets.UTF_8).replace("\"demo\"", "\"de@@mo\"");
    byte[] broken = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < broken.length - 1; i++) {
      if (broken[i] == '@' && broken[i + 1] == '@') {
        broken[i] = (byte) 0xff;
        broken[i + 1] = (byte) 0xfe;
      }
    }
    RawHttp.Response invalidUtf8 =
        RawHttp.send(port, "POST", "/cluster", "msd-user: " + Api.USER + "\r\n", broken);
    assertThat(invalidUtf8.status()).as(invalidUtf8.body()).isEqualTo(400);
    assertThat(invalidUtf8.body()).contains("\"status\":\"ERROR\"");
  }

  @Test
  void aUtf8MsdUserIsDecodedAndStoredAndBadOnesAre400() {
    String id = create(base(unique("header")).toString());
    String email = "jörg.müller@exämple.com";
    // The owner lets Jörg start it, so that his start is allowed and signed with his name.
    Api.Response shared =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"" + email + "\", \"level\": \"can_restart\"}",
            Api.USER);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);
    RawHttp.Response started =
        RawHttp.send(
            port,
            "POST",
            "/cluster/start-cluster/" + id,
            "msd-user: {\"email\": \"" + email + "\"}\r\n",
            new byte[0]);
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    JsonNode groups = api.get("/cluster/get-action-groups/" + id).data();
    assertThat(groups.toString()).contains(email);

    for (String header :
        List.of(
            "{\"email\": \"a\\u0000b@example.com\"}",
            "{\"email\": \"\\ud800@example.com\"}",
            "{\"email\": \"" + "x".repeat(300) + "\"}",
            "{\"email\": 5}",
            "[]",
            "null")) {
      Api.Response response = api.post("/cluster/stop-cluster/" + id, null, header);
      assertEnvelope(header, response.status(), response.body(), response.raw());
    }
    // Invalid UTF-8 bytes in the header.
    RawHttp.Response raw =
        RawHttp.send(
            port,
            "POST",
            "/cluster/stop-cluster/" + id,
            "msd-user: {\"email\": \"a\u00c3\u0028@example.com\"}\r\n",
            new byte[0],
            true);
    assertThat(raw.status()).isBetween(400, 499);
  }

  @Test
  void aSharePrincipalNoCallerCouldCarryIsRefusedAndNothingIsShared() {
    String id = create(base(unique("principal")).toString());
    for (String kind : List.of("user", "group")) {
      for (String principal :
          List.of("bob@example.com\\nEVENT forged", "a\\u0000b@example.com", "\\ud800b")) {
        Api.Response refused =
            api.put(
                "/cluster/" + id + "/permissions",
                "{\"kind\": \""
                    + kind
                    + "\", \"principal\": \""
                    + principal
                    + "\", \"level\": \"can_attach\"}",
                Api.USER);
        assertThat(refused.status()).as(kind + " " + principal).isEqualTo(400);
        assertThat(refused.raw()).contains("\"field\":\"principal\"");
      }
    }
    // Surrounding whitespace is stripped, as from msd-user, not refused.
    Api.Response shared =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"carol@example.com\\n\", \"level\": \"can_attach\"}",
            Api.USER);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);
    assertThat(
            shared.data().get("permissions").valueStream().map(p -> p.get("principal").asString()))
        .containsExactly("carol@example.com");
    assertThat(api.get("/cluster/" + id + "/events").data().toString())
        .contains("carol@example.com")
        .doesNotContain("forged");
  }

  // --- ids ---------------------------------------------------------------------------------------

  static final List<String> ID_ROUTES =
      List.of(
          "GET /cluster/{id}",
          "GET /cluster/{id}/metadata",
          "GET /cluster/{id}/dashboards",
          "PUT /cluster/{id}",
          "POST /cluster/start-cluster/{id}",
          "POST /cluster/stop-cluster/{id}",
          "POST /cluster/restart-cluster/{id}",
          "DELETE /cluster/{id}",
          "GET /cluster/{id}/manifest",
          "GET /cluster/{id}/cost",
          "POST /cluster/{id}/keep-alive",
          "GET /cluster/get-action-groups/{id}",
          "GET /cluster/{id}/events",
          "GET /cluster/{id}/pods",
          "GET /cluster/{id}/resources",
          "GET /cluster/get-action-group-details/{id}");

  @Test
  void idsAreExactOnEveryRouteAndOddOnesAre4xxInTheEnvelope() {
    String id = create(base(unique("exact")).toString());
    String enc = URLEncoder.encode("數據", StandardCharsets.UTF_8);
    List<String> badIds =
        List.of(
            id.toUpperCase(),
            id + "%20",
            id + "%09",
            "id-" + URLEncoder.encode("ŝŝŝ", StandardCharsets.UTF_8),
            "id-" + enc,
            "a%2Fb",
            "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e",
            "%00",
            "id%00x",
            "%ff%fe",
            "%c3%28",
            "id-" + "x".repeat(9000),
            "%0d%0aX-Injected:%20yes");
    int checked = 0;
    for (String route : ID_ROUTES) {
      String method = route.substring(0, route.indexOf(' '));
      for (String bad : badIds) {
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", bad);
        byte[] body = method.equals("PUT") ? base(unique("p")).toString().getBytes() : null;
        RawHttp.Response response =
            RawHttp.send(port, method, path, "msd-user: " + Api.USER + "\r\n", body);
        String title = route + " with " + abbreviate(bad);
        assertThat(response.status()).as(title + " " + response.body()).isBetween(400, 499);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("status").asString()).as(title).isEqualTo("ERROR");
        assertThat(response.headers().toLowerCase()).as(title).contains("application/json");
        assertThat(response.headers()).doesNotContain("X-Injected");
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(200);
    // Nor does another user learn that a padded id names a cluster: a 404 before the access rule
    // (whose lookup's collation would find it), not a 403.
    RawHttp.Response padded =
        RawHttp.send(
            port,
            "POST",
            "/cluster/stop-cluster/" + id + "%20",
            "msd-user: " + Api.as("bob@example.com") + "\r\n",
            null);
    assertThat(padded.status()).as(padded.body()).isEqualTo(404);
    // DELETE of the upper-case id did not delete the real cluster, and wrote nothing under it.
    assertThat(api.get("/cluster/" + id).status()).isEqualTo(200);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ?",
                Integer.class,
                id.toUpperCase()))
        .isZero();
  }

  // --- search and paging
  // --------------------------------------------------------------------------

  @Test
  void badSearchInputIs400NamingTheField() {
    ArrayNode ids = NODES.arrayNode();
    for (int i = 0; i < 70_000; i++) {
      ids.add("id-" + i);
    }
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"offset\": 9995, \"page_size\": 10}", "offset");
    cases.put(
        "{\"filters\": {\"name\": {\"select_all\": true, \"query\": \""
            + "q".repeat(100_000)
            + "\"}}}",
        "filters.name");
    cases.put("{\"filters\": {\"cluster_id\": {\"values\": " + ids + "}}}", "filters.cluster_id");
    cases.put(
        "{\"filters\": {\"is_job_cluster\": {\"values\": [\"maybe\"]}}}", "filters.is_job_cluster");
    cases.put("{\"filters\": {\"user\": {\"values\": [{\"$ne\": 1}]}}}", "filters.user");
    cases.put("{\"filters\": {\"tags\": {\"values\": [\"a\\u0000b\"]}}}", "filters.tags");
    cases.put("{\"page_size\": 4.5}", "page_size");
    cases.put("{\"page_size\": \"ten\"}", "page_size");
    cases.put("{\"offset\": 99999999999}", "offset");
    cases.put("{\"query\": [1]}", "query");
    cases.forEach(
        (body, field) -> {
          Api.Response response = api.post("/cluster/search", body);
          String title = abbreviate(body);
          assertEnvelope(title, response.status(), response.body(), response.raw());
          assertThat(response.status()).as(title).isEqualTo(400);
          assertThat(response.raw()).as(title).contains(field);
        });
    Map<String, String> v1 = new LinkedHashMap<>();
    v1.put("{\"offset\": 9999, \"page_size\": 100}", "offset");
    v1.put("{\"filters\": {\"cluster_id\": " + ids + "}}", "filters.cluster_id");
    v1.put("{\"is_job_cluster\": [\"maybe\"]}", "is_job_cluster");
    v1.forEach(
        (body, field) -> {
          Api.Response response = api.post("/search", body);
          assertThat(response.status()).as(abbreviate(body)).isEqualTo(400);
          assertThat(response.raw()).contains(field);
        });
    for (String query :
        List.of(
            "offset=2147483647",
            "offset=-1",
            "offset=99999999999",
            "page_size=0",
            "page_size=2147483647",
            "page_size=x",
            "sort_order=sideways")) {
      Api.Response response = api.get("/cluster/get-action-groups/" + target + "?" + query);
      assertEnvelope(query, response.status(), response.body(), response.raw());
    }
    for (String query :
        List.of(
            "page_size=0",
            "page_size=99999999999",
            "from=yesterday",
            "page_token=%00",
            "order=x")) {
      Api.Response response = api.get("/cluster/" + target + "/events?" + query);
      assertEnvelope(query, response.status(), response.body(), response.raw());
    }
    for (String path :
        List.of(
            "/running-clusters/99999999999",
            "/running-clusters/-1",
            "/running-clusters/x",
            "/cluster/job/inactive?days=x")) {
      Api.Response response = api.get(path);
      assertThat(response.status()).as(path + " " + response.raw()).isLessThan(500);
      assertThat(response.body().get("status").asString()).isNotBlank();
    }
  }

  // --- HTTP itself -----------------------------------------------------------------------------

  @Test
  void errorsOfEveryLayerAreInTheEnvelope() {
    for (String method : List.of("TRACE", "CONNECT")) {
      RawHttp.Response response = RawHttp.send(port, method, "/health", "", null);
      assertThat(response.status()).as(method + " " + response.body()).isEqualTo(405);
      assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("ERROR");
    }
    RawHttp.Response connect = RawHttp.send(port, "CONNECT", "127.0.0.1:22", "", null);
    assertThat(connect.status()).isBetween(400, 499);
    assertThat(connect.body()).contains("\"status\":\"ERROR\"");

    Api.Response error = api.get("/error");
    assertThat(error.status()).isEqualTo(404);
    assertThat(error.body().get("status").asString()).isEqualTo("ERROR");

    // As the README says: a path with an encoded NUL, slash or '../' is malformed, a 400 before
    // any route is looked for (Spring Security's firewall), not a 404 for an id it is not.
    for (String malformed :
        List.of("/cluster/a%2Fb", "/cluster/" + target + "%2Fx/metadata", "/cluster/%00")) {
      RawHttp.Response response = RawHttp.send(port, "GET", malformed, "", null);
      assertThat(response.status()).as(malformed + " " + response.body()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("ERROR");
    }

    RawHttp.Response longUrl =
        RawHttp.send(port, "GET", "/cluster/" + "a".repeat(10_000), "", null);
    assertThat(longUrl.status()).isBetween(400, 499);
    assertThat(JSON.readTree(longUrl.body()).get("status").asString()).isEqualTo("ERROR");

    RawHttp.Response bigHeader =
        RawHttp.send(port, "GET", "/health", "X-Big: " + "b".repeat(20_000) + "\r\n", null);
    assertThat(bigHeader.status()).isBetween(400, 499);
    assertThat(bigHeader.body()).contains("\"status\":\"ERROR\"");

    for (String method : List.of("PATCH", "FOO")) {
      RawHttp.Response response = RawHttp.send(port, method, "/cluster/" + target, "", null);
      assertThat(response.status()).as(method).isBetween(400, 499);
      assertThat(response.body()).contains("\"status\":\"ERROR\"");
    }
    Api.Response wrongType = api.post("/cluster", "<xml/>", Api.USER); // sent as JSON, is not
    assertEnvelope("xml", wrongType.status(), wrongType.body(), wrongType.raw());
  }

  @Test
  void bodiesBeyondTheLimitAre413WithoutBeingReadOrKept() throws Exception {
    Integer before = jdbc.queryForObject("SELECT COUNT(*) FROM clusters", Integer.class);
    // Declared larger than compute.request-limits.max-body (2MB): answered before it is read, so
    // a client waiting for "100 Continue" never sends it.
    String declared = headersOnly("POST", "/cluster", "application/json", 3L * 1024 * 1024);
    assertThat(declared).startsWith("HTTP/1.1 413").contains("compute.request-limits.max-body");
    assertThat(
            JSON.readTree(declared.substring(declared.indexOf("\r\n\r\n") + 4))
                .get("status")
                .asString())
        .isEqualTo("ERROR");

    // Sent without a length: read up to the limit, then refused, JSON and forms alike (a form
    // PUT is decoded by a filter before any route).
    String padding = "x".repeat(2 * 1024 * 1024 + 100 * 1024);
    String json = "{\"cluster_name\": \"body-cap\", \"tags\": [\"" + padding + "\"]}";
    RawHttp.Response chunkedJson = chunked("POST", "/cluster", "application/json", json);
    assertThat(chunkedJson.status()).as(chunkedJson.body()).isEqualTo(413);
    assertThat(JSON.readTree(chunkedJson.body()).get("message").asString())
        .contains("2097152 bytes", "compute.request-limits.max-body");
    RawHttp.Response chunkedForm =
        chunked(
            "PUT",
            "/cluster/update-tags/" + target,
            "application/x-www-form-urlencoded",
            "tags=" + padding);
    assertThat(chunkedForm.status()).as(chunkedForm.body()).isEqualTo(413);
    assertThat(chunkedForm.body()).contains("\"status\":\"ERROR\"", "max-body");
    // A POST form is read by Tomcat itself: held to the same limit, answered the same way.
    RawHttp.Response postForm =
        chunked("POST", "/cluster", "application/x-www-form-urlencoded", "tags=" + padding);
    assertThat(postForm.status()).as(postForm.body()).isEqualTo(413);
    assertThat(postForm.body()).contains("\"status\":\"ERROR\"", "max-body");

    // Below the limit, a body is read and its fields are checked as always.
    ObjectNode underLimit = base(unique("body-cap"));
    underLimit
        .putObject("advance_config")
        .put("environment_variables", "A=" + "y".repeat(1024 * 1024));
    RawHttp.Response checked =
        chunked("POST", "/cluster", "application/json", underLimit.toString());
    assertThat(checked.status()).as(checked.body()).isEqualTo(400);
    assertThat(checked.body()).contains("advance_config.environment_variables");

    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM clusters", Integer.class))
        .isEqualTo(before);
    assertThat(clusters.findById(target).orElseThrow().getSpec().tags()).doesNotContain(padding);
  }

  /** The head of a request of the tests' user, with a body of {@code type}. */
  private static String requestHead(String method, String path, String type, String headers) {
    return method
        + " "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nmsd-user: "
        + Api.USER
        + "\r\nContent-Type: "
        + type
        + "\r\n"
        + headers
        + "\r\n\r\n";
  }

  /** A request's head with a declared body that is never sent, and the answer to it. */
  private String headersOnly(String method, String path, String type, long length)
      throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      String head =
          requestHead(method, path, type, "Content-Length: " + length + "\r\nExpect: 100-continue");
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A body sent in 64 KB chunks, without a length. */
  private RawHttp.Response chunked(String method, String path, String type, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      var out = new java.io.BufferedOutputStream(socket.getOutputStream());
      out.write(
          requestHead(method, path, type, "Transfer-Encoding: chunked\r\nConnection: close")
              .getBytes(StandardCharsets.US_ASCII));
      for (int at = 0; at < bytes.length; at += 65536) {
        int n = Math.min(65536, bytes.length - at);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, at, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headerEnd = raw.indexOf("\r\n\r\n");
      String rest = raw.substring(headerEnd + 4);
      if (raw.substring(0, headerEnd).toLowerCase().contains("transfer-encoding: chunked")) {
        rest = RawHttp.unchunk(rest);
      }
      return new RawHttp.Response(Integer.parseInt(raw.substring(9, 12)), raw, rest);
    }
  }

  // --- the scheduled work still serves everybody -------------------------------------------------

  @Test
  void aPoisonClusterDoesNotStopTheSweepFromStoppingAnIdleCanary() {
    String poison = create(base(unique("poison")).put("start_cluster", true).toString());
    awaitStatus(poison, "active");
    // A policy no check can be made of (a name from a later version, say, after a rollback; a
    // stored expiry past what time can hold is now read as the longest, IdlenessChecksTest).
    jdbc.update(
        "UPDATE clusters SET spec = JSON_SET(spec, '$.auto_termination_policies[0].policy_name',"
            + " 'PhaseOfTheMoon'), inactive_time = 60 WHERE cluster_id = ?",
        poison);
    double failuresBefore = jobFailures.count(AutoTerminationSweep.JOB);

    String canary =
        create(
            base(unique("canary")).put("start_cluster", true).put("inactive_time", 0).toString());
    awaitStatus(canary, "inactive");
    assertThat(status(poison)).isEqualTo("active");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobFailures.count(AutoTerminationSweep.JOB) > failuresBefore);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        sandbox.slack().messagesAbout(poison).stream()
                            .filter(m -> m.text().startsWith("CLUSTER SKIPPED BY"))
                            .count())
                    .isEqualTo(1));
    // Several more sweeps: still alerted once.
    String second =
        create(
            base(unique("canary2")).put("start_cluster", true).put("inactive_time", 0).toString());
    awaitStatus(second, "inactive");
    assertThat(
            sandbox.slack().messagesAbout(poison).stream()
                .filter(m -> m.text().startsWith("CLUSTER SKIPPED BY"))
                .count())
        .isEqualTo(1);
  }

  /** Runs last: after every other case of this class has been sent. */
  @Test
  @Order(Integer.MAX_VALUE)
  void afterAllTheHostileInputTheSweepStillStopsAnIdleCanary() {
    String canary =
        create(base(unique("after")).put("start_cluster", true).put("inactive_time", 0).toString());
    awaitStatus(canary, "inactive");
  }
}
