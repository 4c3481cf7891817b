package com.darwin.compute.sdk;

import static com.darwin.compute.sdk.ScriptedServer.error;
import static com.darwin.compute.sdk.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.common.FieldError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, error mapping and headers, against a real local HTTP server playing the service. */
class ComputeClientRetryTest {

  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), 2.0);

  private ScriptedServer server;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ComputeClient client() {
    return ComputeClient.builder(server.url()).user("me@example.com").retryPolicy(FAST).build();
  }

  private static ClusterRequest request() {
    return new ClusterRequest(
        "retry",
        null,
        null,
        "0.0",
        30,
        null,
        new HeadNodeConfig(1, 2, null, null, null, null),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void idempotentReadIsRetriedThroughTwoServerErrors() {
    server.on(
        "GET /cluster/id-1/metadata",
        error(503, "DATABASE_UNAVAILABLE", "The database is unavailable"),
        new ScriptedServer.Answer(502, "<html>Bad Gateway</html>"),
        ok(ScriptedServer.metadata("id-1", "active", "RUNNING")));

    var row = client().getInfo("id-1");

    assertThat(row.clusterId()).isEqualTo("id-1");
    assertThat(server.count("GET", "/cluster/id-1/metadata")).isEqualTo(3);
  }

  @Test
  void retriesStopAfterTheLimitWithTheLastError() {
    server.on("GET /cluster/id-1", error(500, "INTERNAL_ERROR", "Internal Server Error"));

    assertThatThrownBy(() -> client().getDetails("id-1"))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.attempts()).isEqualTo(4);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.isServerError()).isTrue();
              assertThat(e.getMessage())
                  .isEqualTo("Internal Server Error (HTTP 500, GET /cluster/id-1, 4 attempts)");
            });
    assertThat(server.count("GET", "/cluster/id-1")).isEqualTo(4);
  }

  @Test
  void createIsNotRepeatedAfterItMayHaveBeenCarriedOut() {
    server.on(
        "POST /cluster",
        error(503, "DATABASE_UNAVAILABLE", "down"),
        ok("{\"cluster_id\":\"id-2\",\"packages\":[]}"));

    assertThatThrownBy(() -> client().create(request()))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.attempts()).isEqualTo(1);
              // The cluster may have been made: a caller that repeats it could make a second one.
              assertThat(e.isRetryable()).isFalse();
            });
    assertThat(server.count("POST", "/cluster")).isEqualTo(1);
  }

  /**
   * A service that reads each request and closes the connection unanswered: the request was sent,
   * its outcome is unknown.
   */
  private static ServerSocket hangingUp(AtomicInteger received) throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread reader =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                  if (connection.getInputStream().read(new byte[8192]) > 0) {
                    received.incrementAndGet();
                  }
                } catch (IOException e) {
                  // The test closed the socket: done.
                }
              }
            });
    reader.setDaemon(true);
    reader.start();
    return socket;
  }

  @Test
  void aLostAnswerMakesOnlyIdempotentCallsRetryable() throws IOException {
    AtomicInteger received = new AtomicInteger();
    try (ServerSocket socket = hangingUp(received)) {
      ComputeClient client =
          ComputeClient.builder("http://127.0.0.1:" + socket.getLocalPort())
              .retryPolicy(FAST)
              .build();

      assertThatThrownBy(() -> client.restart("id-11"))
          .isInstanceOfSatisfying(
              ComputeException.class,
              e -> {
                assertThat(e.isConnectionFailure()).isTrue();
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.isRetryable()).isFalse();
              });
      assertThat(received.get()).isEqualTo(1);

      assertThatThrownBy(() -> client.getInfo("id-11"))
          .isInstanceOfSatisfying(
              ComputeException.class,
              e -> {
                assertThat(e.isConnectionFailure()).isTrue();
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.isRetryable()).isTrue();
              });
    }
  }

  @Test
  void stopAndStartAreRepeatedAfterA5xxSinceTheServiceAcceptsThemTwice() {
    server.on(
        "POST /cluster/stop-cluster/id-3",
        new ScriptedServer.Answer(502, ""),
        ok("{\"cluster_id\":\"id-3\"}"));
    client().stop("id-3");
    assertThat(server.count("POST", "/cluster/stop-cluster/id-3")).isEqualTo(2);

    server.on(
        "POST /cluster/start-cluster/id-3",
        new ScriptedServer.Answer(503, ""),
        ok("{\"cluster_id\":\"id-3\",\"ClusterName\":\"id-3-kuberay\"}"));
    assertThat(client().start("id-3").clusterId()).isEqualTo("id-3");
    assertThat(server.count("POST", "/cluster/start-cluster/id-3")).isEqualTo(2);

    // A restart is not: a second one would recreate the pods again.
    server.on("POST /cluster/restart-cluster/id-3", new ScriptedServer.Answer(502, ""));
    assertThatThrownBy(() -> client().restart("id-3")).isInstanceOf(ComputeException.class);
    assertThat(server.count("POST", "/cluster/restart-cluster/id-3")).isEqualTo(1);
  }

  @Test
  void deleteWhoseFirstAnswerWasLostCountsTheLater404AsDone() {
    server.on(
        "DELETE /cluster/id-4",
        new ScriptedServer.Answer(504, "gateway timeout"),
        error(404, "NOT_FOUND", "Cluster id-4 not found"));

    client().delete("id-4");

    assertThat(server.count("DELETE", "/cluster/id-4")).isEqualTo(2);
  }

  @Test
  void uninstallWhoseFirstAnswerWasLostCountsTheLater404AsDone() {
    server.on(
        "PUT /cluster/id-12/library/uninstall",
        new ScriptedServer.Answer(504, "gateway timeout"),
        error(404, "NOT_FOUND", "Library [42, 43] not found"));
    server.on("GET /cluster/id-12/library/42", error(404, "NOT_FOUND", "Library 42 not found"));
    server.on("GET /cluster/id-12/library/43", error(404, "NOT_FOUND", "Library 43 not found"));

    var removed = client().uninstallLibraries("id-12", List.of(42L, 43L));

    assertThat(removed.clusterId()).isEqualTo("id-12");
    assertThat(removed.packages()).containsExactly(Map.of("id", 42L), Map.of("id", 43L));
    assertThat(server.count("PUT", "/cluster/id-12/library/uninstall")).isEqualTo(2);
  }

  @Test
  void aRetried404ForATypoIsNotTakenForTheRemovalOfTheOthers() {
    // The first attempt never reached the service; 99 is a typo, so the retry's 404 removed none.
    server.on(
        "PUT /cluster/id-14/library/uninstall",
        new ScriptedServer.Answer(502, "bad gateway"),
        error(404, "NOT_FOUND", "Library [99] not found"));
    server.on("GET /cluster/id-14/library/42", ok("{\"cluster_id\":\"id-14\",\"id\":\"42\"}"));

    assertThatThrownBy(() -> client().uninstallLibraries("id-14", List.of(42L, 99L)))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.reason()).contains("none was removed");
            });
  }

  @Test
  void uninstallOfAnUnknownLibraryIsStillA404() {
    server.on(
        "PUT /cluster/id-13/library/uninstall", error(404, "NOT_FOUND", "Library [42] not found"));
    assertThatThrownBy(() -> client().uninstallLibraries("id-13", List.of(42L)))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void deleteOfAnUnknownClusterIsStillA404() {
    server.on("DELETE /cluster/id-5", error(404, "NOT_FOUND", "Cluster id-5 not found"));
    assertThatThrownBy(() -> client().delete("id-5"))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.reason()).isEqualTo("Cluster id-5 not found");
            });
  }

  @Test
  void connectionRefusedIsRetriedForEveryCallUntilTheServiceIsUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AtomicReference<ScriptedServer> late = new AtomicReference<>();
    int latePort = port;
    // The service comes up while the client is backing off: create (not idempotent) is safe to
    // repeat because the refused attempts never reached it.
    CompletableFuture<Void> startLater =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(250);
                late.set(
                    new ScriptedServer(latePort)
                        .on("POST /cluster", ok("{\"cluster_id\":\"id-6\",\"packages\":[]}")));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    ComputeClient client =
        ComputeClient.builder("http://127.0.0.1:" + port)
            .retryPolicy(new RetryPolicy(8, Duration.ofMillis(100), Duration.ofMillis(400), 2.0))
            .build();
    try {
      assertThat(client.create(request()).clusterId()).isEqualTo("id-6");
      assertThat(late.get().count("POST", "/cluster")).isEqualTo(1);
    } finally {
      startLater.join();
      late.get().close();
    }
  }

  @Test
  void connectionRefusedEverywhereEndsAsAConnectionFailure() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ComputeClient client =
        ComputeClient.builder("http://127.0.0.1:" + port).retryPolicy(FAST).build();
    assertThatThrownBy(() -> client.getInfo("id-7"))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.isConnectionFailure()).isTrue();
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.attempts()).isEqualTo(4);
              assertThat(e.reason()).startsWith("Cannot connect to http://127.0.0.1:" + port);
            });
    // Nothing was sent: even a create is safe to send again.
    assertThatThrownBy(() -> client.create(request()))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.isRetryable()).isTrue());
    assertThat(client.isHealthy()).isFalse();
  }

  @Test
  void validationErrorsCarryTheEnvelopesFieldErrors() {
    server.on(
        "POST /cluster",
        new ScriptedServer.Answer(
            400,
            ScriptedServer.envelope(
                "ERROR",
                "{\"code\":\"VALIDATION_FAILED\",\"errors\":["
                    + "{\"field\":\"runtime\",\"message\":\"unknown runtime 'x'\"},"
                    + "{\"field\":\"worker_node_configs[0].min_pods\","
                    + "\"message\":\"must not be greater than max_pods\"}]}",
                "Invalid request: runtime unknown runtime 'x' (and 1 more)")));

    assertThatThrownBy(() -> client().create(request()))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.isRejected()).isTrue();
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
              assertThat(e.fieldErrors())
                  .containsExactly(
                      new FieldError("runtime", "unknown runtime 'x'"),
                      new FieldError(
                          "worker_node_configs[0].min_pods", "must not be greater than max_pods"));
            });
  }

  @Test
  void anErrorEnvelopeRenderedAsYamlIsReadToo() {
    // Asked for YAML (manifest preview), the service renders its error envelope in YAML.
    server.on(
        "POST /cluster/manifest",
        new ScriptedServer.Answer(
            400,
            "---\nstatus: \"ERROR\"\ndata:\n  code: \"VALIDATION_FAILED\"\n  errors:\n"
                + "  - field: \"runtime\"\n    message: \"unknown runtime 'x'\"\n"
                + "message: \"Invalid request: runtime unknown runtime 'x'\"\n"));
    assertThatThrownBy(() -> client().manifestYaml(request()))
        .isInstanceOfSatisfying(
            ComputeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("Invalid request: runtime unknown runtime 'x'");
              assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
              assertThat(e.fieldErrors())
                  .containsExactly(new FieldError("runtime", "unknown runtime 'x'"));
            });
    assertThat(server.received().get(0).header("Accept")).isEqualTo("application/yaml");
  }

  @Test
  void concurrentChangeConflictIsRetryableButAStateConflictIsNot() {
    server.on(
        "PUT /cluster/id-8",
        error(409, "CONCURRENT_CHANGE", "changed by someone else"),
        error(409, "CONFLICT", "A cluster named 'x' already exists"));
    assertThatThrownBy(() -> client().update("id-8", request()))
        .isInstanceOfSatisfying(
            ComputeException.class, e -> assertThat(e.isConflict() && e.isRetryable()).isTrue());
    assertThatThrownBy(() -> client().update("id-8", request()))
        .isInstanceOfSatisfying(
            ComputeException.class, e -> assertThat(e.isConflict() && !e.isRetryable()).isTrue());
    // 409s are never repeated automatically.
    assertThat(server.count("PUT", "/cluster/id-8")).isEqualTo(2);
  }

  @Test
  void identityAndTokenGoOnEveryCall() {
    server.on("GET /health", ok("null"));
    ComputeClient client =
        ComputeClient.builder(server.url() + "/")
            .user("me@example.com")
            .bearerToken("t0ken")
            .build();

    assertThat(client.isHealthy()).isTrue();

    var request = server.received().get(0);
    assertThat(request.header("msd-user")).isEqualTo("{\"email\":\"me@example.com\"}");
    assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
    assertThat(request.header("User-Agent")).startsWith("darwin-compute-sdk/");
  }

  @Test
  void aUserOutsideAsciiReachesTheServiceAsJsonEscapes() {
    server.on("GET /health", ok("null"));
    // josé@x (Latin-1) and 数据@x (beyond Latin-1: a raw header would not even be built).
    for (String user : List.of("jos\u00e9@x", "\u6570\u636e@x")) {
      assertThat(ComputeClient.builder(server.url()).user(user).build().isHealthy()).isTrue();

      String header = server.received().get(server.received().size() - 1).header("msd-user");
      assertThat(header).matches("\\p{ASCII}*").contains("\\u");
      assertThat(WireJson.mapper().readTree(header).get("email").asString()).isEqualTo(user);
    }
  }

  @Test
  void aTokenWithoutAUserDoesNotMakeTheSdkTheOwner() {
    server.on("POST /cluster", ok("{\"cluster_id\":\"id-9\",\"packages\":[]}"));
    ComputeClient tokenOnly = ComputeClient.builder(server.url()).bearerToken("t0ken").build();

    // The service would refuse "sdk" as the owner of the token's caller (a 403): said here, and
    // nothing is sent.
    assertThatThrownBy(() -> tokenOnly.create(request()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--user");
    assertThat(server.received()).isEmpty();

    ComputeClient withUser =
        ComputeClient.builder(server.url()).bearerToken("t0ken").user("ann@example.com").build();
    withUser.create(request());
    assertThat(server.received().get(0).body()).contains("\"user\":\"ann@example.com\"");
    assertThat(server.received().get(0).header("Authorization")).isEqualTo("Bearer t0ken");
  }

  @Test
  void withoutAUserChangesAndIdentifiedReadsIdentifyAsTheSdk() {
    server.on(
        "GET /cluster/id-9/metadata", ok(ScriptedServer.metadata("id-9", "active", "RUNNING")));
    server.on("POST /cluster/stop-cluster/id-9", ok("{\"cluster_id\":\"id-9\"}"));
    server.on("POST /cluster", ok("{\"cluster_id\":\"id-9\",\"packages\":[]}"));
    ComputeClient anonymous = ComputeClient.connect(server.url());

    anonymous.getInfo("id-9");
    anonymous.stop("id-9");
    anonymous.create(request());

    assertThat(server.received().get(0).header("msd-user")).isNull();
    assertThat(server.received().get(1).header("msd-user")).isEqualTo("{\"email\":\"sdk\"}");
    // The owner of a cluster created without any user is the Python SDK's default too.
    assertThat(server.received().get(2).body()).contains("\"user\":\"sdk\"");

    // Every other change, and the reads the service refuses without an identity (a 401 after a
    // create, start and stop that worked).
    server.on("PUT /cluster/id-9", ok("{\"cluster_id\":\"id-9\"}"));
    server.on("DELETE /cluster/id-9", ok("null"));
    server.on("DELETE /runtime/v2/soft-delete/r1", ok("null"));
    server.on(
        "GET /cluster/id-9/command/e-1/status",
        ok("{\"status\":\"success\",\"execution_id\":\"e-1\",\"pods\":[]}"));
    server.on("GET /cluster/id-9/commands", ok("[]"));
    anonymous.update("id-9", request());
    anonymous.delete("id-9");
    anonymous.deleteRuntime("r1");
    anonymous.commandStatus("id-9", "e-1");
    anonymous.listCommands("id-9");
    assertThat(server.received().subList(3, 8))
        .extracting(r -> r.method() + " " + r.path() + " " + r.header("msd-user"))
        .containsExactly(
            "PUT /cluster/id-9 {\"email\":\"sdk\"}",
            "DELETE /cluster/id-9 {\"email\":\"sdk\"}",
            "DELETE /runtime/v2/soft-delete/r1 {\"email\":\"sdk\"}",
            "GET /cluster/id-9/command/e-1/status {\"email\":\"sdk\"}",
            "GET /cluster/id-9/commands {\"email\":\"sdk\"}");
  }

  @Test
  void theClientsUserOwnsRequestsThatNameNone() {
    server.on("POST /cluster", ok("{\"cluster_id\":\"id-10\",\"packages\":[]}"));
    client().create(request());
    assertThat(server.received().get(0).body()).contains("\"user\":\"me@example.com\"");
  }

  @Test
  void clusterIdsAreOnePathSegment() {
    assertThat(ComputeClient.segment("id-abc")).isEqualTo("id-abc");
    assertThat(ComputeClient.segment("a/b c")).isEqualTo("a%2Fb%20c");
    assertThatThrownBy(() -> ComputeClient.segment(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backoffGrowsIsJitteredAndCapped() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1), 2.0);
    for (int i = 0; i < 50; i++) {
      assertThat(policy.backoffAfter(1).toMillis()).isBetween(100L, 200L);
      assertThat(policy.backoffAfter(2).toMillis()).isBetween(200L, 400L);
      assertThat(policy.backoffAfter(8).toMillis()).isBetween(500L, 1000L);
    }
  }
}
