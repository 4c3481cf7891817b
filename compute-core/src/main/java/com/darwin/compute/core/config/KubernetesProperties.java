package com.darwin.compute.core.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes clusters clusters can be placed on ({@code cloud_env} names a target) and how
 * manifests are applied.
 *
 * @param requestRetries how many times one API call that failed with a 5xx or an I/O error is sent
 *     again, with fabric8's doubling backoff from 100 ms, before its caller sees the failure.
 *     fabric8's own default (10, about 19 s per call) held a reconciler worker for that long on
 *     every object of every cluster while the API server failed; the reconciler's work queue and
 *     the background jobs retry on their own schedules (with the failure recorded and shown), so a
 *     call only rides over a blip.
 */
@ConfigurationProperties("compute.kubernetes")
public record KubernetesProperties(
    @DefaultValue("default") String defaultTarget,
    Map<String, Target> targets,
    @DefaultValue("server-side") ApplyMode applyMode,
    @DefaultValue("darwin-compute") String fieldManager,
    @DefaultValue("10m") Duration informerResync,
    @DefaultValue("2") int requestRetries) {

  public KubernetesProperties {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
    // fabric8's informers refuse a negative resync period when they start; 0 turns resyncs off.
    if (informerResync != null && informerResync.isNegative()) {
      throw new IllegalArgumentException(
          "compute.kubernetes.informer-resync must be 0 or more, not " + informerResync);
    }
    if (requestRetries < 0) {
      throw new IllegalArgumentException(
          "compute.kubernetes.request-retries must be 0 or more, not " + requestRetries);
    }
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
