package com.darwin.compute.core.cluster;

/** Published inside a transaction that changed a cluster; acted on after it commits. */
public record ClusterChanged(String clusterId) {}
