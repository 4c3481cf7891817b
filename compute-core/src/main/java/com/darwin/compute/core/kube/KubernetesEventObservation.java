package com.darwin.compute.core.kube;

import java.time.Instant;

/** A Kubernetes Event about one of a cluster's objects (its RayCluster or one of its pods). */
public record KubernetesEventObservation(
    String clusterId,
    String key,
    String type,
    String reason,
    String message,
    String objectKind,
    String objectName,
    Instant at) {}
