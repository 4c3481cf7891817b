package com.darwin.compute.core.kube;

import com.darwin.compute.core.config.KubernetesProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One client per configured Kubernetes target. A target is addressed by master URL, by kubeconfig
 * context, or (neither set) by the in-cluster service account / default kubeconfig.
 */
@Component
public class KubernetesTargets implements DisposableBean {

  private final Map<String, KubernetesTarget> targets = new LinkedHashMap<>();
  private final String defaultTarget;

  public KubernetesTargets(KubernetesProperties properties) {
    Map<String, KubernetesProperties.Target> configured = new LinkedHashMap<>(properties.targets());
    if (configured.isEmpty()) {
      configured.put(
          properties.defaultTarget(), new KubernetesProperties.Target(null, null, "ray"));
    }
    configured.forEach(
        (name, target) ->
            targets.put(
                name,
                new KubernetesTarget(
                    name,
                    clientFor(target, properties.requestRetries()),
                    target.namespace() == null ? "ray" : target.namespace())));
    if (!targets.containsKey(properties.defaultTarget())) {
      throw new IllegalStateException(
          "compute.kubernetes.default-target '"
              + properties.defaultTarget()
              + "' is not one of compute.kubernetes.targets "
              + targets.keySet());
    }
    this.defaultTarget = properties.defaultTarget();
  }

  private static KubernetesClient clientFor(KubernetesProperties.Target target, int retries) {
    Config config;
    if (target.masterUrl() != null && !target.masterUrl().isBlank()) {
      // An API server reached without credentials (the sandbox's mock, over plain HTTP). Its
      // certificate is checked against the JVM's trust store like any other server's: trusting
      // every certificate let anyone on the path stand in for the cluster. A real cluster is a
      // kubeconfig context or the in-cluster service account, which carry their CA and credentials.
      config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(target.masterUrl())
              .withRequestTimeout(10_000)
              .withConnectionTimeout(5_000)
              .build();
    } else {
      config = Config.autoConfigure(target.context());
    }
    config.setRequestRetryBackoffLimit(retries);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public Optional<KubernetesTarget> find(String name) {
    return Optional.ofNullable(targets.get(name));
  }

  public KubernetesTarget get(String name) {
    KubernetesTarget target = targets.get(name);
    if (target == null) {
      throw new IllegalArgumentException("unknown Kubernetes target '" + name + "'");
    }
    return target;
  }

  public String defaultTargetName() {
    return defaultTarget;
  }

  public Collection<KubernetesTarget> all() {
    return targets.values();
  }

  @Override
  public void destroy() {
    targets.values().forEach(t -> t.client().close());
  }
}
