package com.darwin.compute.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timing rules of waiting (backoff, timeout, grace for dead heads) on a simulated clock, so
 * they are exact and take no time.
 */
class StatusWatcherTimingTest {

  /** A clock that only moves when the watcher sleeps. */
  static final class FakeTicker implements StatusWatcher.Ticker {
    long now = 1_000_000_000L;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      sleeps.add(Duration.ofNanos(nanos));
      now += nanos;
    }
  }

  private final FakeTicker ticker = new FakeTicker();

  private static ClusterMetadata row(ClusterStatus status) {
    return new ClusterMetadata(
        "id-t",
        null,
        status,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        status == ClusterStatus.INACTIVE ? "STOPPED" : "RUNNING",
        null,
        null,
        null,
        null,
        null);
  }

  /** Answers the statuses in order, then the last one forever. */
  private StatusWatcher watcher(ClusterStatus... statuses) {
    List<ClusterStatus> script = List.of(statuses);
    int[] next = {0};
    return new StatusWatcher(id -> row(script.get(Math.min(next[0]++, script.size() - 1))), ticker);
  }

  @Test
  void pollsWithGrowingIntervalsUpToTheMaximum() {
    StatusWatcher watcher =
        watcher(
            ClusterStatus.CREATING,
            ClusterStatus.CREATING,
            ClusterStatus.CREATING,
            ClusterStatus.CREATING,
            ClusterStatus.CREATING,
            ClusterStatus.CREATING,
            ClusterStatus.CREATING,
            ClusterStatus.ACTIVE);

    watcher.await("id-t", ClusterStatus.ACTIVE, WaitOptions.timeout(Duration.ofMinutes(5)));

    assertThat(ticker.sleeps)
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofMillis(750),
            Duration.ofMillis(1125),
            Duration.ofNanos(1_687_500_000L),
            Duration.ofNanos(2_531_250_000L),
            Duration.ofNanos(3_796_875_000L),
            Duration.ofSeconds(5));
  }

  @Test
  void timesOutAtTheDeadlineAfterALastLook() {
    StatusWatcher watcher = watcher(ClusterStatus.HEAD_NODE_UP);

    assertThatThrownBy(
            () ->
                watcher.await(
                    "id-t", ClusterStatus.ACTIVE, WaitOptions.timeout(Duration.ofSeconds(3))))
        .isInstanceOfSatisfying(
            ClusterWaitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ClusterWaitException.Reason.TIMED_OUT);
              assertThat(e.lastStatus()).isEqualTo(ClusterStatus.HEAD_NODE_UP);
              assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(3));
              assertThat(e.target()).isEqualTo(ClusterStatus.ACTIVE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Cluster id-t did not become active within 3.0s (last status: head_node_up)");
            });
    // 0.5 + 0.75 + 1.125 = 2.375 s, then the last pause is cut to the deadline.
    assertThat(ticker.sleeps.get(ticker.sleeps.size() - 1)).isEqualTo(Duration.ofMillis(625));
  }

  @Test
  void aHeadDeadForLongerThanTheGraceFails() {
    StatusWatcher watcher = watcher(ClusterStatus.JUPYTER_UP, ClusterStatus.HEAD_NODE_DIED);
    WaitOptions options =
        WaitOptions.timeout(Duration.ofMinutes(10))
            .withPollInterval(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withDeathGracePeriod(Duration.ofSeconds(30));

    assertThatThrownBy(() -> watcher.await("id-t", ClusterStatus.ACTIVE, options))
        .isInstanceOfSatisfying(
            ClusterWaitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ClusterWaitException.Reason.DIED);
              assertThat(e.lastStatus()).isEqualTo(ClusterStatus.HEAD_NODE_DIED);
              // First seen dead at 1 s, failed when it had been dead for 30 s.
              assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(31));
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Cluster id-t died while waiting for active: head_node_died for 30.0s");
            });
  }

  @Test
  void deadSpellsShorterThanTheGraceAreSurvivedEvenWhenTheyAddUpToMore() {
    List<ClusterStatus> script = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      script.add(ClusterStatus.HEAD_NODE_DIED);
    }
    script.add(ClusterStatus.HEAD_NODE_UP); // KubeRay recreated the head: the timer starts over
    for (int i = 0; i < 20; i++) {
      script.add(ClusterStatus.CLUSTER_DIED);
    }
    script.add(ClusterStatus.ACTIVE);
    StatusWatcher watcher = watcher(script.toArray(ClusterStatus[]::new));
    WaitOptions options =
        WaitOptions.timeout(Duration.ofMinutes(10))
            .withPollInterval(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withDeathGracePeriod(Duration.ofSeconds(25));

    assertThat(watcher.await("id-t", ClusterStatus.ACTIVE, options).status())
        .isEqualTo(ClusterStatus.ACTIVE);
  }

  @Test
  void waitingForADeadStatusIsAllowed() {
    StatusWatcher watcher = watcher(ClusterStatus.ACTIVE, ClusterStatus.HEAD_NODE_DIED);
    assertThat(
            watcher
                .await(
                    "id-t",
                    ClusterStatus.HEAD_NODE_DIED,
                    WaitOptions.timeout(Duration.ofSeconds(10)).withDeathGracePeriod(Duration.ZERO))
                .status())
        .isEqualTo(ClusterStatus.HEAD_NODE_DIED);
  }

  @Test
  void aZeroTimeoutLooksOnce() {
    StatusWatcher watcher = watcher(ClusterStatus.ACTIVE);
    assertThat(watcher.await("id-t", ClusterStatus.ACTIVE, WaitOptions.timeout(Duration.ZERO)))
        .isNotNull();
    assertThat(ticker.sleeps).isEmpty();
  }
}
