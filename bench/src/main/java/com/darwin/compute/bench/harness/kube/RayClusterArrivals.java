package com.darwin.compute.bench.harness.kube;

import com.darwin.compute.core.kube.RayClusterKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches RayClusters in a namespace and tells when one with a given name first appears: the end of
 * B2 for the service and for its floor alike (the same observer for both, so neither side is timed
 * differently).
 */
public final class RayClusterArrivals implements AutoCloseable {

  private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
  private final Watch watch;
  private volatile WatcherException closedWith;

  public RayClusterArrivals(KubernetesClient client, String namespace) {
    this.watch =
        RayClusterKind.in(client)
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    if (action == Action.ADDED) {
                      long now = System.nanoTime();
                      arrivals
                          .computeIfAbsent(
                              resource.getMetadata().getName(), k -> new CompletableFuture<>())
                          .complete(now);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    closedWith = cause;
                    arrivals.values().forEach(f -> f.completeExceptionally(cause));
                  }
                });
  }

  /** Waits until the RayCluster {@code name} has been seen; returns when (nanoTime). */
  public long await(String name, long timeoutMillis) throws Exception {
    if (closedWith != null) {
      throw new IllegalStateException("the RayCluster watch closed", closedWith);
    }
    CompletableFuture<Long> arrival =
        arrivals.computeIfAbsent(name, k -> new CompletableFuture<>());
    try {
      return arrival.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "RayCluster " + name + " did not appear within " + timeoutMillis + " ms", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("watching for RayCluster " + name + " failed", e.getCause());
    } finally {
      arrivals.remove(name);
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
