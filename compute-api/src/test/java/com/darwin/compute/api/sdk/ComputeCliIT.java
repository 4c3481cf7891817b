package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.cli.ComputeCli;
import com.darwin.compute.cli.ExitCodes;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code compute} command line, run in-process against the real application: the output a
 * terminal shows and the exit codes a script relies on.
 */
class ComputeCliIT extends ApiIntegrationTest {

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  /** With --url/--user on the command line. */
  private CliRun compute(String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--url";
    full[1] = url();
    full[2] = "--user";
    full[3] = SdkTestSupport.USER;
    System.arraycopy(args, 0, full, 4, args.length);
    return CliRun.of(Map.of(), full);
  }

  private ComputeClient client() {
    return ComputeClient.builder(url()).user(SdkTestSupport.USER).build();
  }

  @Test
  void createWaitListGetStopDeleteFromAYamlFile() {
    String name = unique("cli-demo");
    Path file = SdkTestSupport.exampleFile(name);

    CliRun created = compute("create", "-f", file.toString(), "--wait", "--timeout", "60s");

    assertThat(created.exit()).as(created.toString()).isEqualTo(ExitCodes.OK);
    String id = created.out().strip();
    assertThat(id).matches("id-[a-z0-9]{16}");
    // Progress on stderr, one line per status, ending with the active cluster.
    assertThat(created.err()).contains(id + ": creating").endsWith(id + " is active\n");

    assertThat(compute("status", id).out()).isEqualTo("active\n");

    CliRun text = compute("get", id);
    assertThat(text.exit()).isZero();
    assertThat(text.out())
        .contains("name:      " + name)
        .contains("status:    active")
        .contains("workers:   2 cores, 4 GB, 1..1 pods, spot")
        .contains("idle stop: after 15 min");

    JsonNode details = WireJson.mapper().readTree(compute("get", id, "-o", "json").out());
    assertThat(details.get("cluster_id").asString()).isEqualTo(id);
    assertThat(details.get("detailed_status").asString()).isEqualTo("active");

    // The search index follows asynchronously.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              CliRun listed = compute("list", "-q", name, "-o", "json");
              assertThat(listed.exit()).isZero();
              JsonNode rows = WireJson.mapper().readTree(listed.out());
              assertThat(rows.size()).isEqualTo(1);
              assertThat(rows.get(0).get("cluster_id").asString()).isEqualTo(id);
            });
    CliRun table = compute("list", "-q", name);
    assertThat(table.out().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("ID")
        .contains("NAME", "STATUS");
    assertThat(table.out()).contains(id).contains(name);

    CliRun dashboards = compute("dashboards", id);
    assertThat(dashboards.out()).contains(id + "-jupyter");

    assertThat(compute("delete", id).exit()).isEqualTo(ExitCodes.CONFLICT);
    CliRun stopped = compute("stop", id);
    assertThat(stopped.exit()).isZero();
    assertThat(stopped.out()).isEqualTo(id + " stopped\n");
    // Stopped again (a script's cleanup after an idle sweep's stop): left as it is, exit 0.
    CliRun again = compute("stop", id);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).isEqualTo(id + " stopped\n");

    CliRun deleted = compute("delete", id);
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).isEqualTo(id + " deleted\n");

    CliRun gone = compute("get", id);
    assertThat(gone.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(gone.err()).startsWith("error: ").contains("404");
    assertThat(gone.out()).isEmpty();
  }

  @Test
  void startRestartUpdateAndDeleteWithStop() {
    Path file = SdkTestSupport.exampleFile(unique("cli-life"));
    CliRun created = compute("create", "-f", file.toString(), "--no-start");
    assertThat(created.exit()).isZero();
    String id = created.out().strip();
    assertThat(compute("status", id).out()).isEqualTo("inactive\n");
    assertThat(compute("restart", id).exit()).isEqualTo(ExitCodes.CONFLICT);

    CliRun started = compute("start", id, "--wait", "--timeout", "60s");
    assertThat(started.exit()).as(started.toString()).isZero();
    assertThat(started.err()).endsWith(id + " is active\n");

    CliRun restarted = compute("restart", id, "--wait", "--timeout", "60s");
    assertThat(restarted.exit()).as(restarted.toString()).isZero();

    CliRun updated = compute("update", id, "-f", file.toString());
    assertThat(updated.exit()).as(updated.toString()).isZero();
    assertThat(updated.out()).isEqualTo(id + " applied_in_place\n");

    CliRun deleted = compute("delete", id, "--stop");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(compute("status", id).exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void urlAndUserComeFromTheEnvironment() {
    Path file = SdkTestSupport.exampleFile(unique("cli-env"));
    CliRun created =
        CliRun.of(
            Map.of("COMPUTE_URL", url(), "COMPUTE_USER", "env-user@example.com"),
            "create",
            "-f",
            file.toString(),
            "--no-start");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(client().getDetails(created.out().strip()).user()).isEqualTo("env-user@example.com");
  }

  @Test
  void invalidFileIsRejectedWithItsFieldErrors() {
    Path file =
        SdkTestSupport.write(
            "name: broken\nhead_node:\n  node: {memory: 8}\nworker_group: []\nterminate: 5\n");
    CliRun run = compute("create", "-f", file.toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: invalid cluster file " + file)
        .contains("  terminate: is not a known field");
  }

  @Test
  void serviceValidationErrorsArePrintedFieldByField() {
    Path file =
        SdkTestSupport.write(
            SdkTestSupport.pythonSdkExample()
                .replace("name: 'sdk-demo'", "name: '" + unique("cli-bad") + "'")
                .replace("runtime: '0.0'", "runtime: 'no-such-runtime'")
                .replace("min_pods: 1", "min_pods: 3"));
    CliRun run = compute("create", "-f", file.toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.REJECTED);
    assertThat(run.err())
        .startsWith("error: Invalid request: ")
        .contains("(HTTP 400, POST /cluster)")
        .contains("\n  runtime: unknown runtime 'no-such-runtime'")
        .contains("\n  worker_node_configs[0].min_pods: must not be greater than max_pods");
  }

  @Test
  void usageErrorsExitWithOne() {
    CliRun unknown = compute("explode");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("error: Unmatched argument");

    CliRun missingFile = compute("create");
    assertThat(missingFile.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missingFile.err()).contains("Missing required option: '--file=FILE'");

    CliRun badDuration = compute("wait", "id-x", "--timeout", "soon");
    assertThat(badDuration.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDuration.err()).contains("'soon' is not a duration");

    CliRun nothing = CliRun.of(Map.of());
    assertThat(nothing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("a command is required").contains("Exit codes:");

    CliRun help = CliRun.of(Map.of(), "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("create").contains("7  timed out while waiting");
  }

  @Test
  void unreachableServiceExitsWithFive() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    CliRun run = CliRun.of(Map.of("COMPUTE_URL", "http://127.0.0.1:" + closed), "list");
    assertThat(run.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err())
        .startsWith(
            "error: Cannot connect to http://127.0.0.1:" + closed + " (connection refused)");
  }

  @Test
  void waitTimesOutWithSevenAndAStoppedClusterEndsItWithSix() throws Exception {
    sandbox.operator().pause(); // clusters stay "creating"
    try {
      String slow =
          compute("create", "-f", SdkTestSupport.exampleFile(unique("cli-slow")).toString())
              .out()
              .strip();
      CliRun timedOut = compute("wait", slow, "--timeout", "2s");
      assertThat(timedOut.exit()).as(timedOut.toString()).isEqualTo(ExitCodes.TIMED_OUT);
      assertThat(timedOut.err())
          .contains(slow + ": creating")
          .contains("error: Cluster " + slow + " did not become active within 2.0s");

      // Its stdout is read while it waits: the id is printed before the wait starts.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      String file = SdkTestSupport.exampleFile(unique("cli-stop")).toString();
      CompletableFuture<Integer> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  ComputeCli.run(
                      new String[] {
                        "--url",
                        url(),
                        "--user",
                        SdkTestSupport.USER,
                        "create",
                        "-f",
                        file,
                        "--wait"
                      },
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8),
                      Map.of(),
                      false));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> out.toString(StandardCharsets.UTF_8).endsWith("\n"));
      String stoppedId = out.toString(StandardCharsets.UTF_8).strip();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> err.toString(StandardCharsets.UTF_8).contains(stoppedId + ": creating"));
      client().stop(stoppedId);
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.CLUSTER_FAILED);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("error: Cluster " + stoppedId + " is inactive (stopped or not started)");
    } finally {
      sandbox.operator().resume();
    }
  }

  @Test
  void waitForAStatusThatIsAlreadyThereReturnsAtOnce() {
    String id =
        compute(
                "create",
                "-f",
                SdkTestSupport.exampleFile(unique("cli-wait")).toString(),
                "--no-start")
            .out()
            .strip();
    CliRun run = compute("wait", id, "--for", "inactive");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("inactive\n");
    assertThat(client().getInfo(id).status()).isEqualTo(ClusterStatus.INACTIVE);
    CliRun wrong = compute("wait", id, "--for", "running");
    assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void runtimesAreListed() {
    CliRun run = compute("runtimes");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("RUNTIME").contains("0.0");
  }
}
