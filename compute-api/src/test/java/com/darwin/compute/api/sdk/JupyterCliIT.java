package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.cli.ExitCodes;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code compute jupyter attach|list|restart|delete} and the SDK calls under them. */
class JupyterCliIT extends ApiIntegrationTest {

  private CliRun compute(String user, String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--url";
    full[1] = "http://127.0.0.1:" + port;
    full[2] = "--user";
    full[3] = user;
    System.arraycopy(args, 0, full, 4, args.length);
    return CliRun.of(Map.of(), full);
  }

  @Test
  void attachListRestartDelete() {
    String consumer = unique("cli") + "-1";
    CliRun attached = compute("user@example.com", "jupyter", "attach", consumer);
    assertThat(attached.exit()).as(attached.toString()).isEqualTo(ExitCodes.OK);
    String link = attached.out().strip();
    assertThat(link).startsWith("http://localhost/sandbox/jup-").endsWith("-jupyter");
    String pod = attached.err().strip().split(" ")[0];
    assertThat(link).contains(pod);

    // Again: the same link.
    CliRun again = compute("user@example.com", "jupyter", "attach", consumer);
    assertThat(again.out().strip()).isEqualTo(link);

    ComputeClient sdk =
        ComputeClient.builder("http://127.0.0.1:" + port).user("user@example.com").build();
    assertThat(sdk.attachJupyter(consumer).jupyterLink()).isEqualTo(link);
    assertThat(sdk.jupyterPath(pod).jupyterLink()).isEqualTo(link);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(sdk.getJupyterPod(pod).status()).isEqualTo(JupyterPodStatus.READY));

    // Listing is for admins: a 403 is exit 2 for anyone else.
    assertThat(compute("user@example.com", "jupyter", "list").exit()).isEqualTo(ExitCodes.REJECTED);
    CliRun list = compute("admin@example.com", "jupyter", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).startsWith("POD").contains(pod, consumer);

    // Whoever attached it may restart it.
    CliRun restarted = compute("user@example.com", "jupyter", "restart", pod);
    assertThat(restarted.exit()).as(restarted.toString()).isZero();
    assertThat(restarted.out().strip()).isEqualTo(link);
    assertThat(sdk.getJupyterPod(pod).restarts()).isEqualTo(1);
    assertThat(compute("bob@example.com", "jupyter", "restart", pod).exit())
        .isEqualTo(ExitCodes.REJECTED);

    CliRun deleted = compute("admin@example.com", "jupyter", "delete", pod);
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.out().strip()).isEqualTo(pod + " deleted");
    assertThat(compute("admin@example.com", "jupyter", "delete", pod).exit())
        .isEqualTo(ExitCodes.CONFLICT);
    assertThat(compute("admin@example.com", "jupyter", "delete", "jup-0000000000000000").exit())
        .isEqualTo(ExitCodes.NOT_FOUND);
    try {
      sdk.attachJupyter("not a consumer");
      throw new AssertionError("a malformed consumer id was accepted");
    } catch (ComputeException e) {
      assertThat(e.status()).isEqualTo(400);
    }
  }
}
