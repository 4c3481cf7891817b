package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.cluster.ChangedSinceCheckedException;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15's last two rules over HTTP: whole Secrets as a cluster's environment ({@code
 * advance_config.env_from_secrets}, validated, previewed as {@code envFrom}, shown at the top level
 * of the details where the strict in-cluster SDK does not look), and the caller's address on the
 * timeline of an allowed change.
 */
class SecretSourcesAndCallerAddressIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterService clusters;
  @Autowired ClusterRequestPolicy policy;
  private final JsonMapper json = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();

  /** The manifest routes answer YAML unless asked for JSON; the raw body, whatever its status. */
  private HttpResponse<String> manifestCall(String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("msd-user", Api.USER)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30));
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String withSecrets(String name, String secretsJson) {
    return ClusterRequests.stoppedQuickStart(name)
        .replace(
            "\"user\": \"user@example.com\"",
            "\"user\": \"user@example.com\",\n  \"advance_config\": {\"env_from_secrets\": "
                + secretsJson
                + "}");
  }

  @Test
  void aBadSecretNameIsA400NamingTheFieldAndNothingIsCreated() throws Exception {
    String name = unique("bad-secrets");
    Api.Response created = api.post("/cluster", withSecrets(name, "[\"ok\", \"Not_A_Name\"]"));
    assertThat(created.status()).as(created.raw()).isEqualTo(400);
    assertThat(created.raw())
        .contains("advance_config.env_from_secrets[1]")
        .contains("not a Kubernetes Secret name");
    Api.Response search = api.get("/cluster/" + name);
    assertThat(search.status()).isNotEqualTo(200);

    var preview =
        manifestCall("/cluster/manifest", withSecrets(unique("bad-preview"), "[\"$(id)\"]"));
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(400);
    assertThat(preview.body()).contains("advance_config.env_from_secrets[0]");

    String tooMany =
        "["
            + String.join(
                ",",
                java.util.stream.IntStream.rangeClosed(1, 17)
                    .mapToObj(i -> "\"s" + i + "\"")
                    .toList())
            + "]";
    Api.Response many = api.post("/cluster", withSecrets(unique("many-secrets"), tooMany));
    assertThat(many.status()).as(many.raw()).isEqualTo(400);
    assertThat(many.raw()).contains("advance_config.env_from_secrets").contains("at most 16");
  }

  @Test
  void thePreviewRendersEnvFromOnEveryRayContainer() throws Exception {
    var preview =
        manifestCall(
            "/cluster/manifest",
            withSecrets(unique("preview-secrets"), "[\"team-creds\", \"db.readonly\"]"));
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    JsonNode rayCluster = null;
    for (JsonNode object :
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(preview.body())
            .get("data")) {
      if (object.get("kind").asString().equals("RayCluster")) {
        rayCluster = object;
      }
    }
    assertThat(rayCluster).as(preview.body()).isNotNull();
    JsonNode head = rayCluster.get("spec").get("headGroupSpec").get("template").get("spec");
    JsonNode worker =
        rayCluster.get("spec").get("workerGroupSpecs").get(0).get("template").get("spec");
    for (JsonNode container :
        List.of(
            head.get("containers").get(0),
            head.get("containers").get(1),
            worker.get("containers").get(0))) {
      JsonNode envFrom = container.get("envFrom");
      assertThat(envFrom).as(container.toString()).isNotNull();
      assertThat(envFrom.valueStream().map(e -> e.get("secretRef").get("name").asString()))
          .containsExactly("team-creds", "db.readonly");
    }
  }

  @Test
  void theDetailsShowTheSecretsAtTheTopLevelAndAnEditChangesThem() throws Exception {
    String name = unique("with-secrets");
    String id = create(withSecrets(name, "[\"team-creds\"]"));
    JsonNode data = api.get("/cluster/" + id).data();
    assertThat(data.get("env_from_secrets").valueStream().map(JsonNode::asString))
        .containsExactly("team-creds");
    // The strict darwin SDK dataclass for advance_config gets no new key.
    assertThat(data.get("advance_config").has("env_from_secrets")).isFalse();

    Api.Response bad = api.put("/cluster/" + id, withSecrets(name, "[\"UPPER\"]"), Api.USER);
    assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
    assertThat(bad.raw()).contains("advance_config.env_from_secrets[0]");

    Api.Response edited =
        api.put("/cluster/" + id, withSecrets(name, "[\"other-creds\"]"), Api.USER);
    assertThat(edited.status()).as(edited.raw()).isIn(200, 202);
    assertThat(
            api.get("/cluster/" + id)
                .data()
                .get("env_from_secrets")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactly("other-creds");
    var manifest = manifestCall("/cluster/" + id + "/manifest", null);
    assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
    assertThat(manifest.body())
        .contains("envFrom")
        .contains("other-creds")
        .doesNotContain("team-creds");

    // The owner's edit built from the read (the UI's, which knows no env_from_secrets) sends none:
    // the Secrets stay. An empty list clears them, and the spec is stored as one that never had
    // them.
    JsonNode read = api.get("/cluster/" + id).data();
    String fromTheRead =
        ClusterRequests.stoppedQuickStart(name)
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"advance_config\": " + read.get("advance_config"))
            .replace("[\"demo\"]", "[\"demo\", \"ui\"]");
    Api.Response retagged = api.put("/cluster/" + id, fromTheRead, Api.USER);
    assertThat(retagged.status()).as(retagged.raw()).isEqualTo(200);
    JsonNode afterUi = api.get("/cluster/" + id).data();
    assertThat(afterUi.get("tags").toString()).contains("ui");
    assertThat(afterUi.get("env_from_secrets").toString()).isEqualTo("[\"other-creds\"]");

    Api.Response cleared = api.put("/cluster/" + id, withSecrets(name, "[]"), Api.USER);
    assertThat(cleared.status()).as(cleared.raw()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id).data().get("env_from_secrets").toString()).isEqualTo("[]");
    assertThat(manifestCall("/cluster/" + id + "/manifest", null).body())
        .doesNotContain("other-creds");
    String stored =
        jdbc.queryForObject("SELECT spec FROM clusters WHERE cluster_id = ?", String.class, id);
    assertThat(stored).doesNotContain("env_from_secrets");
  }

  @Test
  void anEditCheckedAgainstAnOlderSpecIsNotAppliedOverANewerOne() throws Exception {
    String name = unique("edit-race");
    String id = create(withSecrets(name, "[\"team-creds\", \"old-creds\"]"));
    // A UI-shaped edit (no env_from_secrets) is checked and completed from the stored spec...
    Caller caller = Caller.user("user@example.com", "127.0.0.1");
    ClusterEntity checked = clusters.get(id);
    ClusterRequest sent =
        json.readValue(
            ClusterRequests.stoppedQuickStart(name).replace("[\"demo\"]", "[\"demo\", \"ui\"]"),
            ClusterRequest.class);
    ClusterRequest completed = policy.checkEdit(checked, sent, caller);
    assertThat(completed.advanceConfig().envFromSecrets()).contains("old-creds");
    // ...then the owner removes a Secret before it is applied.
    Api.Response removed =
        api.put("/cluster/" + id, withSecrets(name, "[\"team-creds\"]"), Api.USER);
    assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
    assertThatThrownBy(
            () ->
                clusters.update(
                    id, checked.getSpecVersion(), completed, caller.actor(), cluster -> {}))
        .isInstanceOf(ChangedSinceCheckedException.class)
        .hasMessageContaining("was changed by someone else while this edit was checked");
    JsonNode after = api.get("/cluster/" + id).data();
    assertThat(after.get("env_from_secrets").toString()).isEqualTo("[\"team-creds\"]");
    assertThat(after.get("tags").toString()).doesNotContain("ui");
  }

  @Test
  void anAllowedStopShowsTheCallersAddressOnItsEvents() {
    String id = create(ClusterRequests.quickStart(unique("address")));
    Api.Response stopped = api.post("/cluster/stop-cluster/" + id, null, Api.USER);
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(202);
    JsonNode events =
        api.get("/cluster/" + id + "/events?page_size=100&types=CLUSTER_STOP_REQUEST_RECEIVED")
            .data()
            .get("events");
    assertThat(events.size()).as(events.toString()).isEqualTo(1);
    JsonNode stop = events.get(0);
    assertThat(stop.get("actor").asString()).isEqualTo("user@example.com");
    assertThat(stop.get("caller_address").asString()).isEqualTo("127.0.0.1");
    // The create came over HTTP too.
    JsonNode created =
        api.get("/cluster/" + id + "/events?page_size=100&types=CLUSTER_CREATED")
            .data()
            .get("events");
    assertThat(created.get(0).get("caller_address").asString()).isEqualTo("127.0.0.1");
  }
}
