package com.darwin.compute.core.kube;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches, per target, the RayClusters and pods this control plane manages (label {@code
 * app.kubernetes.io/managed-by=darwin-compute}) and keeps them in informer caches. Status comes
 * from these watches; nothing polls a cluster.
 */
@Component
public class ClusterObserver implements SmartLifecycle {

  private static final String BY_CLUSTER = "byClusterId";

  private final KubernetesTargets targets;
  private final KubernetesProperties properties;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> rayClusters =
      new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Pod>> pods = new ConcurrentHashMap<>();
  private static final LabelKey KEY = new LabelKey(ResourceNames.CLUSTER_ID_LABEL);

  // A RayCluster whose cluster-id label was removed by hand is still its cluster's by its name:
  // found by the pass (which writes the label back), and its events reach that cluster, instead
  // of the cluster being taken for dead and created again.
  private static final LabelKey RAY_CLUSTER_KEY =
      new LabelKey(
          ResourceNames.CLUSTER_ID_LABEL,
          object -> ResourceNames.clusterIdOfRayCluster(object.getMetadata().getName()));

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean running;

  public ClusterObserver(KubernetesTargets targets, KubernetesProperties properties) {
    this.targets = targets;
    this.properties = properties;
  }

  /** Called with a cluster id whenever one of its objects changes. */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {
    long resync = properties.informerResync().toMillis();
    for (KubernetesTarget target : targets.all()) {
      SharedIndexInformer<GenericKubernetesResource> rc =
          RayClusterKind.in(target.client())
              .inNamespace(target.namespace())
              .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE)
              .runnableInformer(resync);
      rc.addIndexers(Map.of(BY_CLUSTER, RAY_CLUSTER_KEY::index));
      rc.addEventHandler(RAY_CLUSTER_KEY.notifying(this::changed));
      SharedIndexInformer<Pod> pod =
          target
              .client()
              .pods()
              .inNamespace(target.namespace())
              .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE)
              .runnableInformer(resync);
      pod.addIndexers(Map.of(BY_CLUSTER, KEY::index));
      pod.addEventHandler(KEY.notifying(this::changed));
      rayClusters.put(target.name(), rc);
      pods.put(target.name(), pod);
      // start() does not block: an unreachable API server is retried (Informers) while the
      // reconciler waits for hasSynced().
      Informers.start(rc);
      Informers.start(pod);
    }
    running = true;
  }

  /**
   * The cluster a managed RayCluster belongs to: its cluster-id label, or, removed by hand, what
   * its name says; null for neither.
   */
  public static String rayClusterIdOf(GenericKubernetesResource rayCluster) {
    List<String> ids = RAY_CLUSTER_KEY.index(rayCluster);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** The cluster id label of a managed object, or null. */
  public static String clusterIdOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(ResourceNames.CLUSTER_ID_LABEL);
  }

  /** True once both caches of the target hold a full initial list. */
  public boolean hasSynced(String target) {
    var rc = rayClusters.get(target);
    var pod = pods.get(target);
    return rc != null && pod != null && rc.hasSynced() && pod.hasSynced();
  }

  public GenericKubernetesResource rayCluster(String target, String clusterId) {
    var informer = rayClusters.get(target);
    if (informer == null) {
      return null;
    }
    return informer.getIndexer().byIndex(BY_CLUSTER, clusterId).stream().findFirst().orElse(null);
  }

  public List<Pod> pods(String target, String clusterId) {
    var informer = pods.get(target);
    return informer == null ? List.of() : informer.getIndexer().byIndex(BY_CLUSTER, clusterId);
  }

  /** Every managed RayCluster the target's cache holds. */
  public List<GenericKubernetesResource> allRayClusters(String target) {
    var informer = rayClusters.get(target);
    return informer == null ? List.of() : informer.getIndexer().list();
  }

  @Override
  public void stop() {
    rayClusters.values().forEach(SharedIndexInformer::stop);
    pods.values().forEach(SharedIndexInformer::stop);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Start before the reconciler, and stop after it. */
  @Override
  public int getPhase() {
    return LifecyclePhases.WATCHES;
  }

  private void changed(String clusterId) {
    listeners.forEach(l -> l.accept(clusterId));
  }
}
