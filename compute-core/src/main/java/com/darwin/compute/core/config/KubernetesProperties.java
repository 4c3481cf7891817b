package com.darwin.compute.core.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes clusters clusters can be placed on ({@code cloud_env} names a target) and how
 * manifests are applied.
 */
@ConfigurationProperties("compute.kubernetes")
public record KubernetesProperties(
    @DefaultValue("default") String defaultTarget,
    Map<String, Target> targets,
    @DefaultValue("server-side") ApplyMode applyMode,
    @DefaultValue("darwin-compute") String fieldManager,
    @DefaultValue("10m") Duration informerResync) {

  public KubernetesProperties {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
  }

  /**
   * One Kubernetes API. Exactly one of {@code masterUrl}, {@code context} (from the kubeconfig) or
   * the in-cluster service account (neither set) is used.
   */
  public record Target(String masterUrl, String context, @DefaultValue("ray") String namespace) {}

  public enum ApplyMode {
    /** Server-side apply with {@link #fieldManager()}: what production uses. */
    SERVER_SIDE,
    /**
     * Create, or update the spec of the live object. For API servers without server-side apply (the
     * fabric8 mock server used by the sandbox).
     */
    UPDATE
  }
}
