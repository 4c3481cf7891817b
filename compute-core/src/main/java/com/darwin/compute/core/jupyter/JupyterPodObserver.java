package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.kube.Informers;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.LabelKey;
import com.darwin.compute.core.kube.LifecyclePhases;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.jupyter.HeadJupyterAccessPolicy;
import com.darwin.compute.core.render.jupyter.JupyterPodRenderer;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Watches, per target, the Deployments and pods of Jupyter pods (label {@code
 * app.kubernetes.io/component=jupyter-pod}) into informer caches, and tells listeners which Jupyter
 * pod changed. A pod's status is read from these caches, never polled. Their Services and
 * NetworkPolicies, and the clusters' head-pod Jupyter policy, are cached too, so that the keeper
 * sees one deleted behind its back without asking the API server at every pass: a missing
 * NetworkPolicy leaves a token-less Jupyter server open to every pod in the cluster.
 */
@Component
public class JupyterPodObserver implements SmartLifecycle {

  private static final String BY_POD = "byJupyterPod";
  private static final Set<String> FAILING_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError");

  private final KubernetesTargets targets;
  private final KubernetesProperties properties;
  private final Map<String, SharedIndexInformer<Deployment>> deployments =
      new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Pod>> pods = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Service>> services = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<NetworkPolicy>> policies =
      new ConcurrentHashMap<>();
  private static final LabelKey KEY = new LabelKey(JupyterPodRenderer.POD_LABEL);

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /**
   * The uid of the pod last seen ready, by target and Jupyter pod name: whether a pod that is no
   * longer ready is the same pod (its server failed) or Kubernetes' replacement of it.
   */
  private final Map<String, ReadyPod> readyPods = new ConcurrentHashMap<>();

  private volatile boolean running;

  public JupyterPodObserver(KubernetesTargets targets, KubernetesProperties properties) {
    this.targets = targets;
    this.properties = properties;
  }

  /** Called with a Jupyter pod's name whenever its Deployment or pod changes. */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {
    long resync = properties.informerResync().toMillis();
    for (KubernetesTarget target : targets.all()) {
      SharedIndexInformer<Deployment> deployment =
          target
              .client()
              .apps()
              .deployments()
              .inNamespace(target.namespace())
              .withLabel(JupyterPodRenderer.COMPONENT_LABEL, JupyterPodRenderer.COMPONENT_VALUE)
              .runnableInformer(resync);
      deployment.addIndexers(Map.of(BY_POD, KEY::index));
      deployment.addEventHandler(KEY.notifying(this::changed));
      SharedIndexInformer<Pod> pod =
          target
              .client()
              .pods()
              .inNamespace(target.namespace())
              .withLabel(JupyterPodRenderer.COMPONENT_LABEL, JupyterPodRenderer.COMPONENT_VALUE)
              .runnableInformer(resync);
      pod.addIndexers(Map.of(BY_POD, KEY::index));
      pod.addEventHandler(KEY.notifying(this::changed));
      SharedIndexInformer<Service> service =
          target
              .client()
              .services()
              .inNamespace(target.namespace())
              .withLabel(JupyterPodRenderer.COMPONENT_LABEL, JupyterPodRenderer.COMPONENT_VALUE)
              .runnableInformer(resync);
      service.addIndexers(Map.of(BY_POD, KEY::index));
      SharedIndexInformer<NetworkPolicy> policy =
          target
              .client()
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(target.namespace())
              .withLabelIn(
                  JupyterPodRenderer.COMPONENT_LABEL,
                  JupyterPodRenderer.COMPONENT_VALUE,
                  HeadJupyterAccessPolicy.COMPONENT_VALUE)
              .runnableInformer(resync);
      policy.addIndexers(Map.of(BY_POD, KEY::index));
      deployments.put(target.name(), deployment);
      pods.put(target.name(), pod);
      services.put(target.name(), service);
      policies.put(target.name(), policy);
      Informers.start(deployment);
      Informers.start(pod);
      Informers.start(service);
      Informers.start(policy);
    }
    running = true;
  }

  /**
   * Whether the target's Deployments and pods are cached: statuses and the keeper wait for it. The
   * Services and NetworkPolicies are not waited for: they only serve repairs, and an informer whose
   * first list keeps failing (a Role without list and watch on them, from an older chart; retried
   * until the Role allows it) would otherwise stop every pod's status and the whole keeper; without
   * them the keeper repairs only what it failed to write itself.
   */
  public boolean hasSynced(String target) {
    return synced(deployments.get(target)) && synced(pods.get(target));
  }

  private static boolean synced(SharedIndexInformer<?> informer) {
    return informer != null && informer.hasSynced();
  }

  /**
   * Whether the target's caches hold a Service and a NetworkPolicy of the Jupyter pod; true when a
   * cache has not synced (nothing is known to be missing). They may lag behind a write by this
   * replica.
   */
  public boolean ownedObjectsSeen(String target, String name) {
    return seenOrUnknown(services.get(target), name) && seenOrUnknown(policies.get(target), name);
  }

  private static boolean seenOrUnknown(
      SharedIndexInformer<? extends HasMetadata> informer, String name) {
    return !synced(informer) || seen(informer, name);
  }

  private static boolean seen(SharedIndexInformer<? extends HasMetadata> informer, String name) {
    return informer != null
        && informer.getIndexer().byIndex(BY_POD, name).stream()
            .anyMatch(o -> o.getMetadata().getDeletionTimestamp() == null);
  }

  /**
   * Whether the target's cache holds the clusters' head-pod Jupyter policy; true when it has not
   * synced.
   */
  public boolean headAccessPolicySeen(String target, String namespace) {
    var informer = policies.get(target);
    return !synced(informer)
        || informer.getStore().getByKey(namespace + "/" + HeadJupyterAccessPolicy.NAME) != null;
  }

  /** The live Deployment of a Jupyter pod, as last seen, or null. */
  public Deployment deployment(String target, String name) {
    var informer = deployments.get(target);
    return informer == null
        ? null
        : informer.getIndexer().byIndex(BY_POD, name).stream().findFirst().orElse(null);
  }

  /** Every Jupyter pod Deployment the target's cache holds. */
  public List<Deployment> allDeployments(String target) {
    var informer = deployments.get(target);
    return informer == null ? List.of() : informer.getIndexer().list();
  }

  /** The pods of a Jupyter pod's generation that are not being deleted. */
  private List<Pod> current(String target, String name, int restarts) {
    var informer = pods.get(target);
    List<Pod> all = informer == null ? List.of() : informer.getIndexer().byIndex(BY_POD, name);
    String generation = Integer.toString(restarts);
    return all.stream()
        .filter(
            pod ->
                pod.getMetadata().getDeletionTimestamp() == null
                    && Objects.equals(
                        generation,
                        pod.getMetadata().getAnnotations() == null
                            ? null
                            : pod.getMetadata()
                                .getAnnotations()
                                .get(ResourceNames.RESTART_GENERATION_ANNOTATION)))
        .toList();
  }

  /** What the watches say of a Jupyter pod's current generation. */
  public Observation observe(String target, String name, int restarts) {
    List<Pod> current = current(target, name, restarts);
    for (Pod pod : current) {
      if (isReady(pod)) {
        readyPods.put(target + "/" + name, new ReadyPod(restarts, pod.getMetadata().getUid()));
        return new Observation(JupyterPodStatus.READY, "Jupyter answers its readiness probe");
      }
    }
    for (Pod pod : current) {
      // A pod Kubernetes took away (evicted under node pressure, preempted, its node shut down)
      // is not the server's failure: its ReplicaSet makes another, the one to judge.
      String failure = takenAway(pod) ? null : failure(pod);
      if (failure != null) {
        return new Observation(JupyterPodStatus.FAILED, failure);
      }
    }
    return new Observation(
        JupyterPodStatus.CREATING,
        current.isEmpty() ? "Waiting for its pod" : "Waiting for Jupyter to answer");
  }

  /** A status and why. */
  public record Observation(JupyterPodStatus status, String message) {}

  /**
   * Whether the pod that was ready for the Jupyter pod's generation is gone, or taken away by
   * Kubernetes (deleted, evicted, on a drained node): its ReplicaSet is replacing it. False when
   * that pod is still there (its server stopped answering). Judged by the identity of the pod this
   * replica last saw ready; a replica that never saw it (started since) judges by creation times:
   * every pod left taken away, or made in a later second than the row turned ready ({@code
   * readyAt}: creation times have whole seconds).
   */
  public boolean replacedSince(String target, String name, int restarts, Instant readyAt) {
    List<Pod> current = current(target, name, restarts);
    ReadyPod seen = readyPods.get(target + "/" + name);
    if (seen != null && seen.generation() == restarts) {
      return current.stream()
          .noneMatch(pod -> seen.uid().equals(pod.getMetadata().getUid()) && !takenAway(pod));
    }
    if (readyAt == null) {
      return false;
    }
    Instant readySecond = readyAt.truncatedTo(ChronoUnit.SECONDS);
    return current.stream()
        .allMatch(
            pod ->
                takenAway(pod)
                    || createdAt(pod).map(made -> made.isAfter(readySecond)).orElse(false));
  }

  /** Forgets the pod last seen ready for a Jupyter pod that is gone. */
  void forget(String target, String name) {
    readyPods.remove(target + "/" + name);
  }

  private record ReadyPod(int generation, String uid) {}

  private static Optional<Instant> createdAt(Pod pod) {
    String value = pod.getMetadata().getCreationTimestamp();
    try {
      return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The reasons of a Failed pod that Kubernetes took away or never admitted, rather than one whose
   * server failed: its ReplicaSet replaces it.
   */
  private static final Set<String> TAKEN_AWAY =
      Set.of(
          "Evicted",
          "Preempting",
          "NodeShutdown",
          "Terminated",
          "NodeLost",
          "OutOfcpu",
          "OutOfmemory",
          "NodeAffinity",
          "UnexpectedAdmissionError");

  private static boolean takenAway(Pod pod) {
    if (pod.getStatus() == null || !"Failed".equals(pod.getStatus().getPhase())) {
      return false;
    }
    // Set.of refuses to be asked for null: a pod whose container failed has no pod-level reason.
    String reason = pod.getStatus().getReason();
    return (reason != null && TAKEN_AWAY.contains(reason))
        || (pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(
                    c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String failure(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    if ("Failed".equals(pod.getStatus().getPhase())) {
      return "Pod "
          + pod.getMetadata().getName()
          + " failed"
          + (pod.getStatus().getReason() == null ? "" : ": " + pod.getStatus().getReason());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
        if (container.getState() != null
            && container.getState().getWaiting() != null
            && container.getState().getWaiting().getReason() != null
            && FAILING_REASONS.contains(container.getState().getWaiting().getReason())) {
          return "Container "
              + container.getName()
              + ": "
              + container.getState().getWaiting().getReason();
        }
      }
    }
    return null;
  }

  @Override
  public void stop() {
    deployments.values().forEach(SharedIndexInformer::stop);
    pods.values().forEach(SharedIndexInformer::stop);
    services.values().forEach(SharedIndexInformer::stop);
    policies.values().forEach(SharedIndexInformer::stop);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return LifecyclePhases.WATCHES;
  }

  private void changed(String podName) {
    listeners.forEach(l -> l.accept(podName));
  }
}
