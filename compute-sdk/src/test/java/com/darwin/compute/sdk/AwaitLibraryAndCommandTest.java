package com.darwin.compute.sdk;

import static com.darwin.compute.sdk.ScriptedServer.error;
import static com.darwin.compute.sdk.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.command.CommandStatus;
import com.darwin.compute.model.library.LibraryStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code awaitLibrary} and {@code awaitCommand}, against a local server playing the service. */
class AwaitLibraryAndCommandTest {

  private static final String LIBRARY = "GET /cluster/id-a/library/7";
  private static final String COMMAND = "GET /cluster/id-a/command/e-1/status";

  private ScriptedServer server;
  private ComputeClient client;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedServer();
    // Each call sent once: every failure the transport sees reaches the wait.
    client = ComputeClient.builder(server.url()).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ScriptedServer.Answer library(String status) {
    return ok("{\"cluster_id\":\"id-a\",\"id\":\"7\",\"status\":\"" + status + "\"}");
  }

  private static ScriptedServer.Answer command(String status) {
    return ok("{\"status\":\"" + status + "\",\"execution_id\":\"e-1\",\"pods\":[]}");
  }

  @Test
  void aCommandOnAStoppedClusterIsReturnedQueuedAtOnce() {
    server.on(COMMAND, command("created"));

    var view = client.awaitCommand("id-a", "e-1", Duration.ofSeconds(3));

    assertThat(view.status()).isEqualTo(CommandStatus.CREATED);
    assertThat(server.count("GET", "/cluster/id-a/command/e-1/status")).isEqualTo(1);
  }

  @Test
  void aCommandWaitRidesOutAShortOutage() {
    server.on(
        COMMAND,
        command("running"),
        error(503, "DATABASE_UNAVAILABLE", "down"),
        command("success"));

    var view = client.awaitCommand("id-a", "e-1", Duration.ofSeconds(10));

    assertThat(view.status()).isEqualTo(CommandStatus.SUCCESS);
    assertThat(server.count("GET", "/cluster/id-a/command/e-1/status")).isEqualTo(3);
  }

  @Test
  void aLibraryWaitRidesOutAShortOutage() {
    server.on(
        LIBRARY,
        error(503, "DATABASE_UNAVAILABLE", "down"),
        new ScriptedServer.Answer(502, "<html>Bad Gateway</html>"),
        library("success"));

    var details = client.awaitLibrary("id-a", 7, Duration.ofSeconds(10));

    assertThat(details.status()).isEqualTo(LibraryStatus.SUCCESS);
    assertThat(server.count("GET", "/cluster/id-a/library/7")).isEqualTo(3);
  }

  @Test
  void anOutageOutlastingTheWaitWithNothingSeenIsThrown() {
    server.on(LIBRARY, error(503, "DATABASE_UNAVAILABLE", "down"));

    assertThatThrownBy(() -> client.awaitLibrary("id-a", 7, Duration.ofMillis(600)))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(server.count("GET", "/cluster/id-a/library/7")).isGreaterThan(1);
  }

  @Test
  void aWaitEndsAtOnceOnARefusal() {
    server.on(COMMAND, error(404, "NOT_FOUND", "Command e-1 not found"));

    assertThatThrownBy(() -> client.awaitCommand("id-a", "e-1", Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThat(server.count("GET", "/cluster/id-a/command/e-1/status")).isEqualTo(1);
  }
}
