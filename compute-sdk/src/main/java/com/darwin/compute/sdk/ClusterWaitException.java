package com.darwin.compute.sdk;

import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Duration;

/**
 * {@link ComputeClient#awaitStatus} gave up: the time ran out, or the cluster went somewhere it
 * will not come back from by itself (stopped, or dead for longer than the grace period).
 */
public class ClusterWaitException extends RuntimeException {

  /** Why the wait ended without reaching the status. */
  public enum Reason {
    /** The timeout passed; the cluster may still get there. */
    TIMED_OUT,
    /** The cluster is inactive: someone stopped it, or it was never started. */
    STOPPED,
    /** The head (or the whole cluster) stayed dead for longer than the grace period. */
    DIED,
    /** The waiting thread was interrupted. */
    INTERRUPTED
  }

  private final Reason reason;
  private final String clusterId;
  private final ClusterStatus target;
  private final ClusterMetadata lastSeen;
  private final Duration elapsed;

  public ClusterWaitException(
      Reason reason,
      String clusterId,
      ClusterStatus target,
      ClusterMetadata lastSeen,
      Duration elapsed,
      String message,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.clusterId = clusterId;
    this.target = target;
    this.lastSeen = lastSeen;
    this.elapsed = elapsed;
  }

  public Reason reason() {
    return reason;
  }

  public String clusterId() {
    return clusterId;
  }

  /** The status that was waited for. */
  public ClusterStatus target() {
    return target;
  }

  /** The last status row read, or null when none could be read. */
  public ClusterMetadata lastSeen() {
    return lastSeen;
  }

  /** The last status seen, or null when none could be read. */
  public ClusterStatus lastStatus() {
    return lastSeen == null ? null : lastSeen.status();
  }

  public Duration elapsed() {
    return elapsed;
  }
}
