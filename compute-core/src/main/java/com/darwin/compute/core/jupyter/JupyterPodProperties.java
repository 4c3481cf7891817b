package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.SettingChecks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Standalone Jupyter pods: where they go, how many are kept free per target, what they run, and
 * when an attached pod is reaped or a silent one replaced.
 *
 * @param enabled whether the pool keeper and the reaper run (attach works either way)
 * @param target the Kubernetes target new pods go to; null: the default target
 * @param defaultPoolSize free pods kept on {@code target} when {@code poolSizes} names none
 * @param poolSizes free pods kept per target (0: no pool there; pods are made on attach)
 * @param internalUrl where the control plane reaches a pod's Jupyter server ({@code {name}}, {@code
 *     {namespace}}, {@code {cloud_env}}, {@code {port}})
 * @param allowedFrom who may reach the servers' port (NetworkPolicy); default: the Darwin proxy and
 *     the control plane, by their {@code app.kubernetes.io/name} label, in any namespace
 * @param failureBackoff how long a target waits after a pod the keeper replaced for failing (or the
 *     reaper for not answering its probes), before it makes or restarts another there; doubled for
 *     each further one in a row, up to {@code maxFailureBackoff}, until a pod of the target stays
 *     ready ({@code healthyAfter})
 * @param healthyAfter how long a pod that turned ready after its target's last failure must stay
 *     ready, with no probe of it unanswered, before the target's failure streak ends (a server that
 *     crashes soon after it starts keeps its target waiting)
 * @param attachLockWait how long an attach waits, in all, for a free pod's row that another
 *     transaction holds (a probe's, a keeper's), over several tries, each bounded by the locking
 *     read's own 2 s and the session's lock wait timeout; then a 409 {@code CONCURRENT_CHANGE}
 */
@ConfigurationProperties("compute.jupyter-pods")
public record JupyterPodProperties(
    @DefaultValue("true") boolean enabled,
    String target,
    @DefaultValue("1") int defaultPoolSize,
    Map<String, Integer> poolSizes,
    @DefaultValue("localhost:5000/darwin-runtime:2.37.0-py310-cpu") String image,
    String imagePullSecret,
    @DefaultValue("2") String cpu,
    @DefaultValue("4Gi") String memory,
    @DefaultValue("8888") int port,
    @DefaultValue("workspace-shared") String workspaceClaim,
    @DefaultValue("10s") Duration readinessPeriod,
    @DefaultValue("6") int readinessFailureThreshold,
    List<Peer> allowedFrom,
    @DefaultValue("10s") Duration keeperInterval,
    @DefaultValue("30s") Duration reapInterval,
    @DefaultValue("30m") Duration maxIdle,
    @DefaultValue("5m") Duration maxStartTime,
    @DefaultValue("3") int maxFailedProbes,
    @DefaultValue("2s") Duration probeTimeout,
    @DefaultValue("8") int probeConcurrency,
    @DefaultValue("10s") Duration failureBackoff,
    @DefaultValue("10m") Duration maxFailureBackoff,
    @DefaultValue("1m") Duration healthyAfter,
    @DefaultValue("6s") Duration attachLockWait,
    @DefaultValue(
            "http://{name}-kuberay-head-svc.{namespace}.svc.cluster.local:{port}/{cloud_env}/{name}-jupyter")
        String internalUrl) {

  public JupyterPodProperties {
    poolSizes = poolSizes == null ? Map.of() : Map.copyOf(poolSizes);
    if (allowedFrom == null) {
      allowedFrom =
          List.of(
              new Peer(Map.of(), Map.of("app.kubernetes.io/name", "nginx-proxy-server")),
              new Peer(Map.of(), Map.of("app.kubernetes.io/name", "darwin-compute")));
    }
    if (defaultPoolSize < 0 || poolSizes.values().stream().anyMatch(n -> n == null || n < 0)) {
      throw new IllegalArgumentException("compute.jupyter-pods pool sizes must be 0 or more");
    }
    if (failureBackoff.isNegative() || maxFailureBackoff.compareTo(failureBackoff) < 0) {
      throw new IllegalArgumentException(
          "compute.jupyter-pods.failure-backoff must be 0 or more, and max-failure-backoff at"
              + " least as long");
    }
    SettingChecks.positive("compute.jupyter-pods.attach-lock-wait", attachLockWait);
    if (healthyAfter.isNegative()) {
      throw new IllegalArgumentException("compute.jupyter-pods.healthy-after must be 0 or more");
    }
  }

  /** How long a target waits after its {@code failedInARow}-th failed pod in a row (from 1). */
  public Duration failureBackoff(int failedInARow) {
    int doublings = Math.min(Math.max(failedInARow - 1, 0), 30);
    Duration wait = failureBackoff.multipliedBy(1L << doublings);
    return wait.compareTo(maxFailureBackoff) > 0 ? maxFailureBackoff : wait;
  }

  /** Pods with these labels, in namespaces with these labels (empty: every namespace). */
  public record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels) {}

  /** The free pods to keep on each target. */
  public Map<String, Integer> poolSizesFor(String defaultTarget) {
    if (!poolSizes.isEmpty()) {
      return poolSizes;
    }
    return Map.of(target == null ? defaultTarget : target, defaultPoolSize);
  }
}
