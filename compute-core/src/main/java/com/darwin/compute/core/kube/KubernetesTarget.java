package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.client.KubernetesClient;

/** One Kubernetes API clusters can be placed on ({@code cloud_env}), with its namespace. */
public record KubernetesTarget(String name, KubernetesClient client, String namespace) {}
