package com.darwin.compute.core.domain;

/** Published inside a transaction that changed a cluster; acted on after it commits. */
public record ClusterChanged(String clusterId) {}
