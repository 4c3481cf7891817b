package com.darwin.compute.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chronos ({@code POST /api/v1/event}, header {@code x-event-source: compute}) runs every compute
 * event through its compute transformer, which reads {@code raw["cluster_id"]}, looks {@code
 * raw["event_type"]} up in its {@code ComputeEvent} list (an unknown name fails the transformer),
 * reads {@code raw["cluster_name"]} (a missing key fails it) to link the event to the cluster, and
 * keeps {@code message}. The Python service sent, per action, the request event and its outcome.
 */
// Its own sink settings make its own application context; closed after the class, so it does not
// keep forwarding (to a stopped stub) and reconciling beside the shared context's tests.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ChronosContractIT extends ApiIntegrationTest {

  /** Chronos's ComputeEvent list: the only event types its compute transformer accepts. */
  static final Set<String> COMPUTE_EVENTS =
      Set.of(
          "CLUSTER_CREATION_REQUEST_RECEIVED",
          "CLUSTER_CREATED",
          "CLUSTER_CREATION_FAILED",
          "CLUSTER_DELETION_REQUEST_RECEIVED",
          "CLUSTER_DELETED",
          "CLUSTER_DELETION_FAILED",
          "CLUSTER_UPDATION_REQUEST_RECEIVED",
          "CLUSTER_UPDATED",
          "CLUSTER_UPDATION_FAILED",
          "CLUSTER_START_REQUEST_RECEIVED",
          "CLUSTER_START_FAILED",
          "CLUSTER_STOP_REQUEST_RECEIVED",
          "CLUSTER_STOPPED",
          "CLUSTER_STOP_FAILED",
          "CLUSTER_RESTART_REQUEST_RECEIVED",
          "CLUSTER_RESTART_FAILED",
          "HEAD_NODE_UP",
          "WORKER_NODES_UP",
          "JUPYTER_UP",
          "CLUSTER_READY",
          "CLUSTER_TIMEOUT",
          "AUTO_TERMINATED",
          "INIT_SCRIPT_EXECUTION_STARTED",
          "INIT_SCRIPT_EXECUTION_SUCCESS",
          "INIT_SCRIPT_EXECUTION_FAILED",
          "CLUSTER_INACTIVE",
          "HEAD_NODE_DIED",
          "WORKER_NODES_DIED",
          "CLUSTER_DIED",
          "WORKER_NODES_SCALED",
          "SPARK_CLIENT_INITIATED",
          "SPARK_CONNECT_CLIENT_INITIATED",
          "SPARK_CONNECT_INITIALIZED",
          "SPARK_CONNECT_INITIALIZE_FAILED",
          "SPARK_CONNECT_STOPPED",
          "SPARK_CONFIG_FETCH_FAILED",
          "SPARK_CONNECT_SCRIPT_EXECUTION_STARTED",
          "SPARK_CONNECT_SCRIPT_EXECUTION_FAILED",
          "SPARK_CONNECT_SCRIPT_EXECUTION_SUCCESSFUL",
          "JUPYTER_SPARK_CONNECT_INITIATED",
          "JUPYTER_SPARK_CONNECT_INITIALIZED",
          "JUPYTER_SPARK_CONNECT_INITIALIZE_FAILED",
          "ORPHAN_CLUSTER_DETECTED");

  static final List<JsonNode> received = new CopyOnWriteArrayList<>();
  static final List<String> sources = new CopyOnWriteArrayList<>();
  static final HttpServer chronos = startChronos();

  private static HttpServer startChronos() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      JsonMapper mapper = JsonMapper.builder().build();
      server.createContext(
          "/api/v1/event",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(mapper.readTree(new String(body, StandardCharsets.UTF_8)));
            sources.add(exchange.getRequestHeaders().getFirst("x-event-source"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void sink(DynamicPropertyRegistry registry) {
    registry.add(
        "compute.events.sink.url", () -> "http://127.0.0.1:" + chronos.getAddress().getPort());
    registry.add("compute.events.sink.interval", () -> "200ms");
    // A cluster asking for inactive_time 0 is stopped by the next sweep (the others ask for 30).
    registry.add("compute.termination.sweep-interval", () -> "1s");
    registry.add("compute.termination.min-inactive-minutes", () -> "0");
  }

  @AfterAll
  static void stopChronos() {
    chronos.stop(0);
  }

  /**
   * What the compute transformer does with one body; fails where it would raise. Returns the entity
   * link it would make.
   */
  private static String transform(JsonNode raw) {
    assertThat(raw.has("cluster_id")).as("cluster_id in " + raw).isTrue();
    assertThat(raw.get("event_type").asString()).as("event_type").isIn(COMPUTE_EVENTS);
    assertThat(raw.has("cluster_name")).as("cluster_name in " + raw).isTrue();
    assertThat(raw.has("message")).as("message in " + raw).isTrue();
    assertThat(raw.has("session_id")).as("session_id in " + raw).isTrue();
    return raw.get("cluster_id").asString() + "->" + raw.get("cluster_name").asString();
  }

  private List<JsonNode> eventsOf(String id) {
    return received.stream().filter(e -> id.equals(e.get("cluster_id").asString())).toList();
  }

  private List<String> typesOf(String id) {
    return eventsOf(id).stream().map(e -> e.get("event_type").asString()).toList();
  }

  @Test
  void everyLifecycleEventIsAcceptedByTheComputeTransformer() {
    String name = unique("chronos");
    String id = create(ClusterRequests.quickStart(name));
    awaitStatus(id, "active");
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "inactive");
    assertThat(api.post("/cluster/start-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "active");
    assertThat(api.post("/cluster/restart-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "active");
    Api.Response edit =
        api.put(
            "/cluster/" + id,
            ClusterRequests.quickStart(name).replace("\"max_pods\": 2", "\"max_pods\": 3"),
            Api.USER);
    assertThat(edit.status()).as(edit.raw()).isEqualTo(200);
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "inactive");
    assertThat(api.delete("/cluster/" + id, Api.USER).status()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(typesOf(id))
                    .containsSubsequence(
                        "CLUSTER_CREATION_REQUEST_RECEIVED",
                        "CLUSTER_CREATED",
                        "CLUSTER_START_REQUEST_RECEIVED",
                        "HEAD_NODE_UP",
                        "CLUSTER_READY",
                        "CLUSTER_STOP_REQUEST_RECEIVED",
                        "CLUSTER_STOPPED",
                        "CLUSTER_START_REQUEST_RECEIVED",
                        "CLUSTER_READY",
                        "CLUSTER_RESTART_REQUEST_RECEIVED",
                        "CLUSTER_UPDATION_REQUEST_RECEIVED",
                        "CLUSTER_UPDATED",
                        "CLUSTER_STOP_REQUEST_RECEIVED",
                        "CLUSTER_STOPPED",
                        "CLUSTER_DELETION_REQUEST_RECEIVED",
                        "CLUSTER_DELETED"));

    // Every body, the deletion's included, is one the transformer accepts and links by name.
    for (JsonNode event : eventsOf(id)) {
      assertThat(transform(event)).isEqualTo(id + "->" + name);
      assertThat(event.get("message").asString()).isNotBlank();
    }
    assertThat(sources).allMatch("compute"::equals);
    // Run events carry the run id as session_id.
    JsonNode ready =
        eventsOf(id).stream()
            .filter(e -> "CLUSTER_READY".equals(e.get("event_type").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(ready.get("session_id").asString()).startsWith("run_id-");
  }

  private String sessionOf(String id, String type) {
    return eventsOf(id).stream()
        .filter(e -> type.equals(e.get("event_type").asString()))
        .reduce((first, second) -> second)
        .orElseThrow()
        .get("session_id")
        .asString();
  }

  /**
   * Chronos makes a cluster's sessions from its {@code CLUSTER_START_REQUEST_RECEIVED} events, each
   * ended by the {@code CLUSTER_STOPPED} of the same {@code session_id}: a run the idle sweep ends
   * must be closed there as one a user stops.
   */
  @Test
  void aRunTheIdleSweepEndsIsClosedInChronos() {
    String name = unique("chronos-idle");
    String id =
        create(
            ClusterRequests.quickStart(name)
                .replace("\"inactive_time\": 30", "\"inactive_time\": 0"));
    awaitStatus(id, "inactive");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(typesOf(id))
                    .containsSubsequence(
                        "CLUSTER_START_REQUEST_RECEIVED",
                        "CLUSTER_READY",
                        "CLUSTER_STOP_REQUEST_RECEIVED",
                        "CLUSTER_STOPPED",
                        "AUTO_TERMINATED"));
    assertThat(sessionOf(id, "CLUSTER_STOPPED"))
        .startsWith("run_id-")
        .isEqualTo(sessionOf(id, "CLUSTER_START_REQUEST_RECEIVED"));
    for (JsonNode event : eventsOf(id)) {
      assertThat(transform(event)).isEqualTo(id + "->" + name);
    }
  }

  /** Refuses the request with a 409 and returns the reason it gave. */
  private String refused(Api.Response response) {
    assertThat(response.status()).as(response.raw()).isEqualTo(409);
    return response.message();
  }

  /**
   * A delete or a restart refused for the cluster's state sends its request and its failure, as the
   * Python service did; a start of a running cluster and a stop of a stopped one change nothing and
   * send nothing (the Python service answered both with a 202 too). A start request received is a
   * session to Chronos, and the newest start or restart is the last one to Darwin Workflow: a
   * refused start sent as received opened a second session under the running one's id.
   */
  @Test
  void aRequestRefusedForTheClustersStateSendsItsRequestAndItsFailure() {
    String name = unique("chronos-refused");
    String id = create(ClusterRequests.quickStart(name));
    // Wanted running: deleting it is refused, starting it again changes nothing.
    String deleteWhy = refused(api.delete("/cluster/" + id, Api.USER));
    assertThat(api.post("/cluster/start-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    // Wanted stopped: restarting it is refused, stopping it again changes nothing.
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    String restartWhy = refused(api.post("/cluster/restart-cluster/" + id, null, Api.USER));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(typesOf(id))
                    .containsSubsequence(
                        "CLUSTER_CREATION_REQUEST_RECEIVED",
                        "CLUSTER_CREATED",
                        "CLUSTER_START_REQUEST_RECEIVED",
                        "CLUSTER_DELETION_REQUEST_RECEIVED",
                        "CLUSTER_DELETION_FAILED",
                        "CLUSTER_STOP_REQUEST_RECEIVED",
                        "CLUSTER_STOPPED",
                        "CLUSTER_RESTART_REQUEST_RECEIVED",
                        "CLUSTER_RESTART_FAILED"));
    List<String> sent = typesOf(id);
    // One session: the create's start, ended by the one stop.
    assertThat(sent).containsOnlyOnce("CLUSTER_START_REQUEST_RECEIVED", "CLUSTER_STOPPED");
    assertThat(sent.stream().filter("CLUSTER_STOP_REQUEST_RECEIVED"::equals)).hasSize(1);
    assertThat(sent).doesNotContain("CLUSTER_START_FAILED", "CLUSTER_STOP_FAILED");
    assertThat(sessionOf(id, "CLUSTER_STOPPED"))
        .isEqualTo(sessionOf(id, "CLUSTER_START_REQUEST_RECEIVED"));
    for (JsonNode event : eventsOf(id)) {
      assertThat(transform(event)).isEqualTo(id + "->" + name);
    }
    // Each failure says why, in the words of the 409.
    Map<String, String> why =
        Map.of("CLUSTER_DELETION_FAILED", deleteWhy, "CLUSTER_RESTART_FAILED", restartWhy);
    why.forEach(
        (type, reason) ->
            assertThat(
                    eventsOf(id).stream()
                        .filter(e -> type.equals(e.get("event_type").asString()))
                        .map(e -> e.get("message").asString())
                        .toList())
                .as(type)
                .containsExactly(reason));
    assertThat(List.of(deleteWhy, restartWhy)).allMatch(m -> !m.isBlank());

    // The cluster's own event log has them too; the refused requests changed nothing.
    List<String> stored = eventTypes(id);
    assertThat(stored)
        .containsSubsequence(
            "CLUSTER_DELETION_REQUEST_RECEIVED",
            "CLUSTER_DELETION_FAILED",
            "CLUSTER_RESTART_REQUEST_RECEIVED",
            "CLUSTER_RESTART_FAILED");
    assertThat(stored).doesNotContain("CLUSTER_START_FAILED", "CLUSTER_STOP_FAILED");
    awaitStatus(id, "inactive");
    assertThat(api.get("/cluster/" + id, Api.USER).status()).isEqualTo(200);
  }

  @Test
  void anEditWhoseApplyFailsSendsTheUpdationFailure() {
    String name = unique("chronos-edit");
    String id = create(ClusterRequests.quickStart(name));
    awaitStatus(id, "active");
    sandbox.kubernetes().failWrites("/rayclusters");
    try {
      // More workers only: applied in place, and Kubernetes refuses the patch.
      Api.Response edit =
          api.put(
              "/cluster/" + id,
              ClusterRequests.quickStart(name).replace("\"max_pods\": 2", "\"max_pods\": 3"),
              Api.USER);
      assertThat(edit.status()).as(edit.raw()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(typesOf(id))
                      .containsSubsequence(
                          "CLUSTER_UPDATION_REQUEST_RECEIVED",
                          "CLUSTER_UPDATED",
                          "CLUSTER_UPDATION_FAILED"));
      // Not the initial start's failure: that one is for a cluster that never came up.
      assertThat(typesOf(id)).doesNotContain("CLUSTER_START_FAILED");
      JsonNode failed =
          api.get("/cluster/" + id + "/events?types=CLUSTER_UPDATION_FAILED")
              .data()
              .get("events")
              .get(0);
      assertThat(failed.get("severity").asString()).isEqualTo("ERROR");
      assertThat(failed.get("message").asString()).contains("500");
    } finally {
      sandbox.kubernetes().clearFaults();
    }
    for (JsonNode event : eventsOf(id)) {
      assertThat(transform(event)).isEqualTo(id + "->" + name);
    }
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "inactive");
  }
}
