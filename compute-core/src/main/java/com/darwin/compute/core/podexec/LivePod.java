package com.darwin.compute.core.podexec;

import java.time.Instant;

/**
 * A ready pod of a running cluster, as the watch cache sees it.
 *
 * @param target the Kubernetes target (cloud_env) it runs on
 * @param uid its uid: a recreated pod (a restart, a replaced worker) is a new one
 * @param nodeType KubeRay's {@code ray.io/node-type}: {@code head} or {@code worker}
 * @param container the Ray container, where libraries and commands run
 */
public record LivePod(
    String target,
    String namespace,
    String name,
    String uid,
    String nodeType,
    String container,
    Instant createdAt) {}
