package com.darwin.compute.core.history;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.kube.Informers;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.LifecyclePhases;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches the history servers' Deployments on every target and writes what they say into the
 * servers' rows ({@code created}, {@code active}, {@code failed}): status comes from the watch,
 * never from probing a server's URL on a read. Their Services are watched too, only so the repair
 * pass finds one deleted, or left without its Deployment, without asking the API server.
 */
@Component
public class HistoryServerObserver implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(HistoryServerObserver.class);

  private final KubernetesTargets targets;
  private final KubernetesProperties properties;
  private final HistoryServerStore store;
  private final Map<String, SharedIndexInformer<Deployment>> informers = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Service>> serviceInformers =
      new ConcurrentHashMap<>();
  private final Map<String, String> namespaces = new ConcurrentHashMap<>();
  private volatile boolean running;

  public HistoryServerObserver(
      KubernetesTargets targets, KubernetesProperties properties, HistoryServerStore store) {
    this.targets = targets;
    this.properties = properties;
    this.store = store;
  }

  @Override
  public void start() {
    for (KubernetesTarget target : targets.all()) {
      SharedIndexInformer<Deployment> informer =
          informer(target.client().apps().deployments(), target);
      informer.addEventHandler(statusWriter());
      namespaces.put(target.name(), target.namespace());
      informers.put(target.name(), informer);
      Informers.start(informer);
      // No handler: the repair pass reads this cache. A Role without list/watch on Services (an
      // older chart) leaves it unsynced (retried until the Role allows it), which only turns off
      // the repairs that need it.
      SharedIndexInformer<Service> services = informer(target.client().services(), target);
      serviceInformers.put(target.name(), services);
      Informers.start(services);
    }
    running = true;
  }

  /** An informer over the history servers' objects of one kind in the target's namespace. */
  private <T extends HasMetadata> SharedIndexInformer<T> informer(
      MixedOperation<T, ?, ?> kind, KubernetesTarget target) {
    return kind.inNamespace(target.namespace())
        .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE)
        .withLabel(SparkHistoryServerRenderer.COMPONENT_LABEL, SparkHistoryServerRenderer.COMPONENT)
        .runnableInformer(properties.informerResync().toMillis());
  }

  /**
   * Writes what each new version of a Deployment says. Not a resync's re-delivery of the version
   * the cache held: that was written when it came, and writing it again cost a statement for every
   * server at every resync interval, on every replica. A write that failed then is the repair
   * pass's to catch up ({@link HistoryServerExpiry#repair}), from this cache, in its page reads.
   */
  ResourceEventHandler<Deployment> statusWriter() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment deployment) {
        observe(deployment);
      }

      @Override
      public void onUpdate(Deployment before, Deployment after) {
        if (!Informers.sameVersion(before, after)) {
          observe(after);
        }
      }

      @Override
      public void onDelete(Deployment deployment, boolean finalStateUnknown) {
        // A stop deletes it after marking the row; the repair pass re-applies one deleted
        // behind the control plane's back.
      }
    };
  }

  private void observe(Deployment deployment) {
    String id = deployment.getMetadata().getName();
    try {
      HistoryServerStatusDeriver.Observed observed = HistoryServerStatusDeriver.of(deployment);
      store.observe(id, observed.startedAt(), observed.status(), observed.message());
    } catch (RuntimeException e) {
      // The repair pass catches it up; a watch thread must not die on a database hiccup.
      log.warn("Recording the status of Spark History Server {} failed: {}", id, e.toString());
    }
  }

  /**
   * Whether the target's Deployment watch is connected: while it reconnects, its cache may be
   * behind what another replica's watch has written.
   */
  public boolean isWatching(String target) {
    var informer = informers.get(target);
    return informer != null && informer.isWatching();
  }

  /** Whether the target's cache holds a full list (so a missing Deployment is really missing). */
  public boolean hasSynced(String target) {
    var informer = informers.get(target);
    return informer != null && informer.hasSynced();
  }

  /** The history server Deployments the target's cache holds. */
  public List<Deployment> deployments(String target) {
    var informer = informers.get(target);
    return informer == null ? List.of() : informer.getIndexer().list();
  }

  /**
   * The history server Deployment of that name the target's cache holds (it watches one namespace),
   * or null: a lookup by key, as the repair pass asks for every running server.
   */
  public Deployment deployment(String target, String name) {
    var informer = informers.get(target);
    return informer == null ? null : informer.getIndexer().getByKey(key(target, name));
  }

  /** The history server Service of that name the target's cache holds, or null. */
  public Service service(String target, String name) {
    var informer = serviceInformers.get(target);
    return informer == null ? null : informer.getIndexer().getByKey(key(target, name));
  }

  private String key(String target, String name) {
    return namespaces.get(target) + "/" + name;
  }

  /** Whether the target's Service cache holds a full list (so a missing Service is missing). */
  public boolean servicesSynced(String target) {
    var informer = serviceInformers.get(target);
    return informer != null && informer.hasSynced();
  }

  /** The history server Services the target's cache holds. */
  public List<Service> services(String target) {
    var informer = serviceInformers.get(target);
    return informer == null ? List.of() : informer.getIndexer().list();
  }

  /** The targets watched. */
  public java.util.Set<String> targetNames() {
    return java.util.Set.copyOf(informers.keySet());
  }

  @Override
  public void stop() {
    informers.values().forEach(SharedIndexInformer::stop);
    serviceInformers.values().forEach(SharedIndexInformer::stop);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops after the web server has drained its requests and the scheduled jobs running have ended,
   * whose reads, expiries and repairs use its caches (at the default phase they stopped first, and
   * were read frozen meanwhile).
   */
  @Override
  public int getPhase() {
    return LifecyclePhases.AFTER_REQUESTS_AND_JOBS;
  }
}
