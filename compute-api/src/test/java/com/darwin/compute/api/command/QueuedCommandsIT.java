package com.darwin.compute.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.Api;
import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.api.OwnContext;
import com.darwin.compute.sandbox.SimulatedPodShell;
import com.darwin.compute.sandbox.SimulatedPodShell.ExecPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Commands queued on one pod, with a pod-task pass only every 10 s: each starts as soon as the one
 * before it reports, not at the next pass.
 */
@TestPropertySource(properties = "compute.pod-tasks.interval=10s")
@OwnContext
class QueuedCommandsIT extends ApiIntegrationTest {

  @Test
  void aPodStartsItsNextCommandWhenItsLastOneReportsNotAtTheNextPass() {
    String id = create(ClusterRequests.quickStart(unique("cmd-queue")));
    awaitStatus(id, "active");
    String tag = Long.toString(System.nanoTime(), 36);
    // The first runs 5 s, so the others are queued behind it (also when sending them is slow on a
    // loaded machine); each of them runs 0.1 s.
    sandbox.podShell().plan("q0-" + tag, ExecPlan.slow(Duration.ofSeconds(5)));
    List<Duration> runFor =
        List.of(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(100));
    List<String> executionIds = new ArrayList<>();
    List<Instant> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Api.Response accepted =
          api.post(
              "/cluster/" + id + "/command/execute",
              "{\"command\": [\"echo q" + i + "-" + tag + "\"], \"target\": \"head\"}",
              Api.USER);
      assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
      executionIds.add(accepted.data().get("execution_id").asString());
      sent.add(Instant.now());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (String executionId : executionIds) {
                Api.Response status =
                    api.get("/cluster/" + id + "/command/" + executionId + "/status");
                assertThat(status.data().get("status").asString()).isEqualTo("success");
              }
            });

    // One at a time on the head, in order, each started well within the pass interval of the
    // moment it could start: the one before it ended, and it had been sent.
    List<Instant> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<SimulatedPodShell.Execution> runs =
          sandbox.podShell().executionsMentioning("q" + i + "-" + tag);
      assertThat(runs).hasSize(1);
      starts.add(runs.get(0).at());
    }
    for (int i = 1; i < 4; i++) {
      Instant previousEnded = starts.get(i - 1).plus(runFor.get(i - 1));
      Instant couldStart = previousEnded.isAfter(sent.get(i)) ? previousEnded : sent.get(i);
      assertThat(starts.get(i)).isAfterOrEqualTo(previousEnded);
      assertThat(Duration.between(couldStart, starts.get(i)))
          .as("command %d started after it could", i)
          .isLessThan(Duration.ofSeconds(4));
    }
  }
}
