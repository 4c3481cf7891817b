package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.cli.ExitCodes;
import com.darwin.compute.model.history.HistoryServerRequest;
import com.darwin.compute.model.history.HistoryServerStatus;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code compute history ...} and the SDK's history server calls, on the sandbox. */
class HistoryCliIT extends ApiIntegrationTest {

  private CliRun compute(String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--url";
    full[1] = "http://127.0.0.1:" + port;
    full[2] = "--user";
    full[3] = "user@example.com";
    System.arraycopy(args, 0, full, 4, args.length);
    return CliRun.of(Map.of(), full);
  }

  private String cluster(String prefix) {
    return createStopped(prefix);
  }

  @Test
  void startListGetExtendStopDeleteFromTheCommandLine() {
    String clusterId = cluster("cli-shs");
    CliRun started = compute("history", "start", clusterId, "--ttl", "90", "--wait");
    assertThat(started.exit()).as(started.toString()).isEqualTo(ExitCodes.OK);
    String id = started.out().strip();
    assertThat(id).startsWith("shs-");
    assertThat(started.err()).contains("Spark History Server " + id + " active");

    CliRun list = compute("history", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).startsWith("ID").contains(id, clusterId, "active");

    CliRun byResource = compute("history", "get", clusterId);
    assertThat(byResource.exit()).as(byResource.toString()).isZero();
    assertThat(byResource.out()).contains("id:          " + id, "ttl:         90 minutes");
    CliRun json = compute("history", "get", id, "-o", "json");
    assertThat(json.out()).contains("\"events_path\"", "\"status\" : \"active\"");

    CliRun extended = compute("history", "extend", id, "--ttl", "120");
    assertThat(extended.exit()).as(extended.toString()).isZero();

    CliRun deleteRunning = compute("history", "delete", id);
    assertThat(deleteRunning.exit()).as(deleteRunning.toString()).isEqualTo(ExitCodes.CONFLICT);

    CliRun stopped = compute("history", "stop", id);
    assertThat(stopped.exit()).as(stopped.toString()).isZero();
    CliRun stopAgain = compute("history", "stop", id);
    assertThat(stopAgain.exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(compute("history", "list", "--all").out()).contains(id, "inactive");
    assertThat(compute("history", "list").out()).doesNotContain(id);

    CliRun deleted = compute("history", "delete", id);
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(compute("history", "get", id).exit()).isEqualTo(ExitCodes.NOT_FOUND);

    CliRun unknown = compute("history", "start", "id-nosuchcluster00");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(unknown.err()).contains("resource");
    assertThat(compute("history", "start", clusterId, "--filesystem", "nfs").exit())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void theSdk() {
    String clusterId = cluster("sdk-shs");
    ComputeClient client =
        ComputeClient.builder("http://127.0.0.1:" + port).user("user@example.com").build();
    String id = client.startHistoryServer(HistoryServerRequest.of(clusterId, null)).serverId();
    // One per resource: starting again is the same server.
    assertThat(client.startHistoryServer(HistoryServerRequest.of(clusterId, null)).serverId())
        .isEqualTo(id);
    assertThat(client.getHistoryServerOf(clusterId).id()).isEqualTo(id);
    assertThat(client.listHistoryServers(true, 1000, 0)).anyMatch(s -> s.id().equals(id));
    assertThat(client.extendHistoryServer(id, 30).ttl()).isEqualTo(30);
    client.stopHistoryServer(id);
    assertThat(client.getHistoryServer(id).status()).isEqualTo(HistoryServerStatus.INACTIVE);
    client.deleteHistoryServer(id);
    assertThatThrownBy(() -> client.getHistoryServer(id))
        .isInstanceOfSatisfying(ComputeException.class, e -> assertThat(e.isNotFound()).isTrue());
  }
}
