package com.darwin.compute.sdk;

import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import java.time.Duration;

/**
 * One observation made by {@link ComputeClient#awaitStatus}: sent to the progress callback after
 * every poll, so a caller can show a spinner (every poll) or a log line ({@link #changed()} only).
 *
 * @param previous the status of the poll before, or null on the first poll
 * @param changed whether the status differs from the previous poll (always true on the first)
 */
public record WaitProgress(
    String clusterId,
    ClusterStatus target,
    ClusterStatus status,
    ClusterStatus previous,
    boolean changed,
    Duration elapsed,
    ClusterMetadata metadata) {}
