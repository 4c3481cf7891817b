package com.darwin.compute.core.podexec;

/** A task of the cluster reported how it ended, so its pod is free for its next one. */
public record PodTaskReported(String clusterId) {}
