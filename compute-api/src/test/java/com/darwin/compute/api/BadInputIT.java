package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.store.ClusterRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Bad input gets a 400 in the envelope naming the field; nothing is created. */
class BadInputIT extends ApiIntegrationTest {

  @Autowired ClusterRepository clusters;

  private void assertRejected(String body, String field, String messagePart) {
    long before = clusters.count();
    Api.Response response = api.post("/cluster", body, Api.USER);
    assertThat(response.status()).as(response.raw()).isEqualTo(400);
    assertThat(response.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(response.message()).isNotBlank();
    JsonNode errors = response.data().get("errors");
    assertThat(errors.valueStream().map(e -> e.get("field").asString()).toList())
        .as(response.raw())
        .contains(field);
    assertThat(errors.valueStream().map(e -> e.get("message").asString()).toList())
        .anySatisfy(m -> assertThat(m).contains(messagePart));
    assertThat(clusters.count()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "min above max | \"min_pods\": 1 | \"min_pods\": 3 | worker_node_configs[0].min_pods | greater than max_pods",
        "inactive time | \"inactive_time\": 30 | \"inactive_time\": 3 | inactive_time | at least 5",
        "unknown runtime | \"runtime\": \"0.0\" | \"runtime\": \"9.9\" | runtime | unknown runtime",
        "too many cores | \"cores\": 4 | \"cores\": 500 | head_node_config.cores | between 1 and 89",
        "bad name | \"cluster_name\": \"NAME\" | \"cluster_name\": \"bad name!\" | cluster_name | must start",
        "bad user | \"user\": \"user@example.com\" | \"user\": \"not a user\" | user | user name",
        "negative pods | \"min_pods\": 1 | \"min_pods\": -1 | worker_node_configs[0].min_pods | greater than or equal to 0",
        "capacity type | \"node_capacity_type\": \"ondemand\" | \"node_capacity_type\": \"cheap\" | head_node_config.node_capacity_type | wrong type",
        "wrong type | \"memory\": 8 | \"memory\": \"eight\" | head_node_config.memory | wrong type",
      })
  void rejectsBadFields(String title, String from, String to, String field, String message) {
    String body =
        ClusterRequests.quickStart("NAME")
            .replace(from, to)
            .replace("\"NAME\"", "\"" + unique("bad") + "\"");
    assertRejected(body, field, message);
  }

  @Test
  void rejectsUnknownGpuShapes() {
    // (the body below must really carry a GPU head: checked in acceptsAKnownGpuShape)
    String body =
        ClusterRequests.quickStart(unique("gpu"))
            .replace(
                "\"memory\": 8,",
                "\"memory\": 8, \"node_type\": \"gpu\", \"gpu_pod\": {\"name\": \"NVIDIA H200\", \"cores\": 6, \"memory\": 26, \"gpu_count\": 1, \"g_ram_memory\": 16, \"g_ram_type\": \"GDDR6\"},");
    assertRejected(body, "head_node_config.gpu_pod", "not a supported GPU shape");
  }

  @Test
  void acceptsAKnownGpuShape() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("gpu-ok"))
            .replace(
                "\"memory\": 8,",
                "\"memory\": 8, \"node_type\": \"gpu\", \"gpu_pod\": {\"name\": \"NVIDIA T4\", \"cores\": 6, \"memory\": 26, \"gpu_count\": 1, \"g_ram_memory\": 16, \"g_ram_type\": \"GDDR6\"},");
    assertThat(body).contains("NVIDIA T4");
    Api.Response response = api.post("/cluster", body, Api.USER);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    String id = response.data().get("cluster_id").asString();
    assertThat(
            api.get("/cluster/" + id)
                .data()
                .get("head_node_config")
                .get("gpu_pod")
                .get("name")
                .asString())
        .isEqualTo("NVIDIA T4");
  }

  @Test
  void reportsEveryBadFieldAtOnce() {
    String body =
        ClusterRequests.quickStart(unique("many"))
            .replace("\"inactive_time\": 30", "\"inactive_time\": 1")
            .replace("\"runtime\": \"0.0\"", "\"runtime\": \"nope\"");
    Api.Response response = api.post("/cluster", body, Api.USER);
    assertThat(response.status()).isEqualTo(400);
    assertThat(
            response
                .data()
                .get("errors")
                .valueStream()
                .map(e -> e.get("field").asString())
                .toList())
        .contains("inactive_time", "runtime");
  }

  @Test
  void rejectsMalformedJsonAndMissingBody() {
    Api.Response malformed = api.post("/cluster", "{\"cluster_name\": ", Api.USER);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("status").asString()).isEqualTo("ERROR");
    Api.Response empty = api.post("/cluster", "", Api.USER);
    assertThat(empty.status()).isEqualTo(400);
  }

  @Test
  void rejectsMissingRequiredFields() {
    assertRejected(
        "{\"cluster_name\": \"" + unique("x") + "\"}", "head_node_config", "must not be null");
  }

  @Test
  void rejectsEnvironmentVariablesThatOverrideMandatoryOnes() {
    String body =
        ClusterRequests.quickStart(unique("env"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"user@example.com\", \"advance_config\": {\"environment_variables\": \"CLUSTER_ID=x\"}");
    assertRejected(body, "advance_config.environment_variables", "cannot be overridden");
  }

  @Test
  void renamingAClusterToATakenNameConflicts() {
    // Creating under a taken name derives a unique one (DarwinWorkflowContractIT); an edit that
    // asks for another cluster's name is the user's explicit choice, so it is refused.
    String taken = unique("twin");
    create(ClusterRequests.stoppedQuickStart(taken));
    String other = unique("other");
    String id = create(ClusterRequests.stoppedQuickStart(other));
    Api.Response rename =
        api.put("/cluster/" + id, ClusterRequests.stoppedQuickStart(taken), Api.USER);
    assertThat(rename.status()).as(rename.raw()).isEqualTo(409);
    assertThat(rename.message()).contains("already exists");
    assertThat(api.get("/cluster/" + id).data().get("name").asString()).isEqualTo(other);
  }

  @Test
  void aLibraryLongerThanItsRowIsRefusedBeforeTheClusterIsMade() {
    String body =
        ClusterRequests.quickStart(unique("long-lib"))
            .replace(
                "\"start_cluster\": true",
                "\"start_cluster\": false, \"packages\": [{\"source\": \"s3\", \"body\":"
                    + " {\"path\": \"s3://bucket/"
                    + "a".repeat(300)
                    + ".whl\"}}]");
    assertRejected(body, "packages[0].body.path", "more than 255 characters");
  }

  @Test
  void unknownIdsAre404AndWrongStateIs409() {
    assertThat(api.get("/cluster/id-doesnotexist2345").status()).isEqualTo(404);
    assertThat(api.get("/cluster/id-doesnotexist2345/metadata").status()).isEqualTo(404);
    assertThat(api.get("/cluster/id-doesnotexist2345/dashboards").status()).isEqualTo(404);
    assertThat(api.post("/cluster/stop-cluster/id-doesnotexist2345", null, Api.USER).status())
        .isEqualTo(404);
    assertThat(api.delete("/cluster/id-doesnotexist2345", Api.USER).status()).isEqualTo(404);
    Api.Response unknownPath = api.get("/no/such/path");
    assertThat(unknownPath.status()).isEqualTo(404);
    assertThat(unknownPath.body().get("status").asString()).isEqualTo("ERROR");
  }

  @Test
  void lifecycleActionsNeedAWellFormedMsdUserHeaderFromTheGateway() {
    String id = createStopped("hdr");
    // Without a (well-formed) identity the gateway did not authenticate the request: 401.
    Api.Response missing = api.post("/cluster/start-cluster/" + id, null, Api.NO_IDENTITY);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.message()).contains("msd-user");
    Api.Response malformed = api.post("/cluster/start-cluster/" + id, null, "not-json");
    assertThat(malformed.status()).isEqualTo(401);
    assertThat(malformed.body().get("status").asString()).isEqualTo("ERROR");
    Api.Response noEmail = api.post("/cluster/start-cluster/" + id, null, "{\"name\": \"x\"}");
    assertThat(noEmail.status()).isEqualTo(401);
    assertThat(status(id)).isEqualTo("inactive");
  }

  @Test
  void badSearchRequestsAre400() {
    Api.Response sort = api.post("/cluster/search", "{\"sort_by\": \"password\"}");
    assertThat(sort.status()).isEqualTo(400);
    Api.Response filter =
        api.post("/cluster/search", "{\"filters\": {\"nope\": {\"values\": [1]}}}");
    assertThat(filter.status()).isEqualTo(400);
    Api.Response page = api.post("/cluster/search", "{\"page_size\": 0}");
    assertThat(page.status()).isEqualTo(400);
    Api.Response order = api.post("/cluster/search", "{\"sort_order\": \"sideways\"}");
    assertThat(order.status()).isEqualTo(400);
  }

  @Test
  void queryStringsAndFormBodiesThatAreNotUtf8OrHaveBrokenEscapesAre400() throws Exception {
    String id =
        api.post("/cluster", ClusterRequests.stoppedQuickStart(unique("bad-query")), Api.USER)
            .data()
            .get("cluster_id")
            .asString();
    String identity = "msd-user: " + Api.USER + "\r\n";
    // Read by the handler's parameters, and (an unused one) by a mapping's params condition while
    // the handler is looked up: /cluster/{id}/library/{libraryId}/status shares its shape with the
    // followed job logs' route.
    for (String target :
        new String[] {
          "/spark-history-server?limit=%C3%28",
          "/cluster/" + id + "/events?page_size=%",
          "/cluster/" + id + "/library/1/status?x=%%",
        }) {
      RawHttp.Response response = RawHttp.send(port, "GET", target, identity, null);
      assertThat(response.status()).as(target + " -> " + response.body()).isEqualTo(400);
      assertThat(response.body())
          .as(target)
          .contains("\"status\":\"ERROR\"")
          .contains("not valid percent-encoded UTF-8");
    }
    // A form body of a PUT, PATCH or DELETE is read into parameters before any handler.
    for (String method : new String[] {"PUT", "PATCH", "DELETE"}) {
      java.net.http.HttpResponse<String> form =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(api.base() + "/cluster/update-name/" + id))
                      .header("msd-user", Api.USER)
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .method(
                          method,
                          java.net.http.HttpRequest.BodyPublishers.ofString("a=%zz&b=%C3%28"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(form.statusCode()).as(method + " " + form.body()).isEqualTo(400);
      assertThat(form.body()).as(method).contains("The form body is not valid percent-encoded");
    }
  }
}
