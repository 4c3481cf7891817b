package com.darwin.compute.sdk;

import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The polling loop behind {@link ComputeClient#awaitStatus}. It reads the status row with a growing
 * interval, reports each observation, and decides between "there", "keep waiting" and "give up".
 */
final class StatusWatcher {

  private static final Set<ClusterStatus> DEAD =
      EnumSet.of(ClusterStatus.HEAD_NODE_DIED, ClusterStatus.CLUSTER_DIED);

  /** Time as the watcher sees it; tests replace it to check the timing rules without waiting. */
  interface Ticker {
    long nanoTime();

    void sleep(long nanos) throws InterruptedException;

    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleep(long nanos) throws InterruptedException {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
          }
        };
  }

  private final Function<String, ClusterMetadata> readStatus;
  private final Ticker ticker;

  StatusWatcher(Function<String, ClusterMetadata> readStatus, Ticker ticker) {
    this.readStatus = readStatus;
    this.ticker = ticker;
  }

  /**
   * Whether {@code status} counts as {@code target}. Waiting for {@code active} is satisfied by
   * every status the UI shows as active (also {@code worker_nodes_scaled} once the autoscaler added
   * pods); any other target must match exactly.
   */
  static boolean reached(ClusterStatus target, ClusterStatus status) {
    if (target == ClusterStatus.ACTIVE) {
      return status.uiStatus() == UiClusterStatus.ACTIVE;
    }
    return status == target;
  }

  /**
   * Inactive while waiting for anything else means the cluster was stopped (or never started):
   * nothing will bring it up again. {@code desired_state} guards against reading a row between
   * "start requested" and "creating", should a service ever write them apart.
   */
  static boolean stopped(ClusterStatus target, ClusterMetadata row) {
    return target != ClusterStatus.INACTIVE
        && row.status() == ClusterStatus.INACTIVE
        && !"RUNNING".equalsIgnoreCase(row.desiredState());
  }

  ClusterMetadata await(String clusterId, ClusterStatus target, WaitOptions options) {
    long start = ticker.nanoTime();
    long deadline = start + options.timeout().toNanos();
    long interval = options.initialPollInterval().toNanos();
    ClusterMetadata last = null;
    ComputeException lastError = null;
    long deadSince = -1;
    while (true) {
      long now = ticker.nanoTime();
      try {
        ClusterMetadata row = readStatus.apply(clusterId);
        lastError = null;
        ClusterStatus previous = last == null ? null : last.status();
        last = row;
        Duration elapsed = Duration.ofNanos(now - start);
        options
            .progress()
            .accept(
                new WaitProgress(
                    clusterId,
                    target,
                    row.status(),
                    previous,
                    previous != row.status(),
                    elapsed,
                    row));
        if (reached(target, row.status())) {
          return row;
        }
        if (stopped(target, row)) {
          throw failure(
              ClusterWaitException.Reason.STOPPED,
              clusterId,
              target,
              row,
              elapsed,
              "Cluster "
                  + clusterId
                  + " is inactive (stopped or not started) while waiting for "
                  + target.wireName(),
              null);
        }
        if (DEAD.contains(row.status()) && !DEAD.contains(target)) {
          deadSince = deadSince < 0 ? now : deadSince;
          Duration dead = Duration.ofNanos(now - deadSince);
          if (dead.compareTo(options.deathGracePeriod()) >= 0) {
            throw failure(
                ClusterWaitException.Reason.DIED,
                clusterId,
                target,
                row,
                elapsed,
                "Cluster "
                    + clusterId
                    + " died while waiting for "
                    + target.wireName()
                    + ": "
                    + row.status().wireName()
                    + " for "
                    + Durations.text(dead)
                    + (row.statusMessage() == null ? "" : " (" + row.statusMessage() + ")"),
                null);
          }
        } else {
          deadSince = -1;
        }
      } catch (ComputeException e) {
        // The transport already retried; a wait outlives a short outage, a 404 or 400 does not.
        if (!e.isRetryable()) {
          throw e;
        }
        lastError = e;
      }
      now = ticker.nanoTime();
      if (now >= deadline) {
        Duration elapsed = Duration.ofNanos(now - start);
        throw failure(
            ClusterWaitException.Reason.TIMED_OUT,
            clusterId,
            target,
            last,
            elapsed,
            "Cluster "
                + clusterId
                + " did not become "
                + target.wireName()
                + " within "
                + Durations.text(options.timeout())
                + (last == null ? "" : " (last status: " + last.status().wireName() + ")")
                + (lastError == null ? "" : "; last error: " + lastError.getMessage()),
            lastError);
      }
      long pause = Math.min(interval, deadline - now);
      try {
        ticker.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(
            ClusterWaitException.Reason.INTERRUPTED,
            clusterId,
            target,
            last,
            Duration.ofNanos(ticker.nanoTime() - start),
            "Interrupted while waiting for cluster " + clusterId,
            e);
      }
      interval = Math.min(interval + interval / 2, options.maxPollInterval().toNanos());
    }
  }

  private static ClusterWaitException failure(
      ClusterWaitException.Reason reason,
      String clusterId,
      ClusterStatus target,
      ClusterMetadata last,
      Duration elapsed,
      String message,
      Throwable cause) {
    return new ClusterWaitException(reason, clusterId, target, last, elapsed, message, cause);
  }
}
