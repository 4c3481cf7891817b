package com.darwin.compute.core.history;

import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The targets as a user's request applies to them: the same API servers, but a call fails at once
 * instead of being retried with backoff for the better part of two minutes (fabric8's default), so
 * a request answers 503 while the user waits rather than timing out. The background jobs (expiry,
 * repair) use the ordinary, retrying clients.
 */
@Component
public class RequestPathTargets implements DisposableBean {

  private final KubernetesTargets targets;
  private final Map<String, KubernetesTarget> failFast = new ConcurrentHashMap<>();

  public RequestPathTargets(KubernetesTargets targets) {
    this.targets = targets;
  }

  public KubernetesTarget get(String name) {
    return failFast.computeIfAbsent(
        name,
        n -> {
          KubernetesTarget target = targets.get(n);
          KubernetesClient client =
              new KubernetesClientBuilder()
                  .withConfig(
                      new ConfigBuilder(target.client().getConfiguration())
                          .withRequestRetryBackoffLimit(0)
                          .build())
                  .build();
          return new KubernetesTarget(target.name(), client, target.namespace());
        });
  }

  @Override
  public void destroy() {
    failFast.values().forEach(t -> t.client().close());
  }
}
