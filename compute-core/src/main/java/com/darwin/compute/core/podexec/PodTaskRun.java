package com.darwin.compute.core.podexec;

import java.time.Instant;

/** How an item ran on one pod, without what it wrote: for lists of many items. */
public record PodTaskRun(
    String ref,
    String podName,
    PodTaskStatus status,
    Integer exitCode,
    Instant startedAt,
    Instant finishedAt) {}
