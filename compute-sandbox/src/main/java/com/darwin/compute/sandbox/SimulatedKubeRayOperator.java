package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATOR of the KubeRay operator (and of the kubelet under it) for the mock Kubernetes API. It
 * is not KubeRay: it runs no Ray, starts no containers and reproduces only what a control plane
 * observes through the API: pods with KubeRay's names and labels, their phases and readiness, the
 * head Service, RayCluster {@code .status} (conditions, replica counts, head info, endpoints) and
 * events.
 *
 * <p>Behaviour, level-triggered: on every RayCluster event, after each of its own changes, at the
 * moments a simulated pod becomes ready and when a periodic sweep finds it or its pods changed by
 * someone else (every second; every RayCluster every 300 s, KubeRay's own requeue), it recomputes
 * for each RayCluster what should exist and converges to it. All work runs on one thread, so runs
 * are repeatable.
 *
 * <ul>
 *   <li>No pods and not suspended: creates the head pod from {@code spec.headGroupSpec.template}.
 *       It is Pending, then Running and Ready after {@code headReadyDelay}; a container named
 *       {@code jupyter} is ready {@code jupyterReadyDelay} later.
 *   <li>Once the head is Running: worker pods per group, clamp(replicas, min, max) x numOfHosts,
 *       Running and Ready after {@code workerReadyDelay}. Scale changes add or delete pods.
 *   <li>{@code spec.suspend: true}: Suspending, all pods deleted, then Suspended; resumes on false.
 *   <li>RayCluster deleted: its pods and head Service are deleted (the mock has no garbage
 *       collector).
 *   <li>{@code .status} stays absent for the first 250 ms, as with the real operator a control
 *       plane must cope with a RayCluster without status.
 * </ul>
 *
 * <p>Deliberate differences from a real cluster: a pod's {@code Ready} condition turns True when
 * its Ray container is ready, even while a {@code jupyter} container is still starting (a real
 * kubelet waits for every container; {@code ContainersReady} does wait for all). Pods are never
 * scheduled anywhere and get made-up IPs. While {@linkplain #pause() paused}, pods do not progress
 * either.
 *
 * <p>Test knobs ({@link #killHead}, {@link #failWorkers}, {@link #scaleGroup}, {@link #pause},
 * {@link #emitEvent}, ...) are thread-safe.
 */
public final class SimulatedKubeRayOperator {

  private static final Logger log = LoggerFactory.getLogger(SimulatedKubeRayOperator.class);

  /** How often the sweep looks for RayClusters and pods changed by someone else. */
  private static final Duration TICK = Duration.ofSeconds(1);

  /**
   * One tick in this many queues every RayCluster: 300 s, the interval at which KubeRay requeues
   * every RayCluster (it was 30 s). What the sweep is there to notice (a change to a RayCluster or
   * to one of its pods or Services) changes the fingerprints it compares every tick, and timed
   * steps have wake-ups; each settled RayCluster costs the mock API four scans of its whole store
   * per full pass (1,000 requests every 30 s with 250 clusters in a long sandbox session).
   */
  private static final int FULL_SWEEP_TICKS = 300;

  private volatile boolean fullSweepRequested = true;
  private int ticksSinceFullSweep;

  private final KubernetesClient client;
  private final ControlLoop loop;
  private final PodClocks clocks;
  private final RayClusterReconciler reconciler;
  private final RayEvents events;
  private volatile OperatorDelays delays;
  private volatile boolean paused;
  private volatile boolean closed;
  private boolean started;
  // Written by start() (the RayCluster informer last), read by the loop thread's sweep.
  private volatile SharedIndexInformer<GenericKubernetesResource> informer;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile SharedIndexInformer<Service> services;

  /**
   * @param client a client of the mock API; the operator owns it and closes it in {@link #close()}
   */
  public SimulatedKubeRayOperator(KubernetesClient client, OperatorDelays delays) {
    this.client = Objects.requireNonNull(client, "client");
    this.delays = Objects.requireNonNull(delays, "delays");
    this.clocks = new PodClocks(this::delays);
    this.events = new RayEvents(client);
    this.loop = new ControlLoop("simulated-kuberay-operator", this::reconcile, this::tick);
    this.reconciler =
        new RayClusterReconciler(
            client, loop, clocks, new RayPodFactory(client.getKubernetesSerialization()), events);
  }

  /** Starts watching RayClusters in all namespaces. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    // The sweep reads the pods and Services it owns from caches, as KubeRay's controller reads
    // from its informers: listing them from the mock API every second scanned its whole store and
    // moved every pod's JSON, which grew with each cluster a sandbox session left behind. Both
    // caches are filled before this returns (inform() waits for the first list).
    pods = informOfOwned(client.pods());
    services = informOfOwned(client.services());
    informer =
        RayClusterCrd.rayClusters(client)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource rayCluster) {
                    loop.enqueue(ClusterKey.of(rayCluster));
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource after) {
                    loop.enqueue(ClusterKey.of(after));
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource rayCluster, boolean unknownState) {
                    loop.enqueue(ClusterKey.of(rayCluster));
                  }
                });
    loop.startTicking(TICK);
    log.info("[simulated KubeRay] operator SIMULATOR started with {}", delays);
  }

  /** A cache of the objects of one kind that carry KubeRay's created-by label. */
  private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      SharedIndexInformer<T> informOfOwned(MixedOperation<T, L, R> kind) {
    return kind.inAnyNamespace().withLabel(KubeRay.CREATED_BY_LABEL, KubeRay.CREATED_BY).inform();
  }

  /** Stops the simulator and closes its client. Pods and RayClusters stay as they are. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SharedIndexInformer<?> each : new SharedIndexInformer<?>[] {informer, pods, services}) {
      if (each != null) {
        each.close();
      }
    }
    loop.close();
    client.close();
    log.info("[simulated KubeRay] operator SIMULATOR stopped");
  }

  // ---------------------------------------------------------------- test knobs

  /** Replaces the delays; pods already on their way follow the new ones from now on. */
  public void setDelays(OperatorDelays newDelays) {
    Objects.requireNonNull(newDelays, "delays");
    if (!newDelays.equals(delays)) {
      delays = newDelays;
      log.info("[simulated KubeRay] delays now {}", newDelays);
      sweepEveryClusterNow();
    }
  }

  public OperatorDelays delays() {
    return delays;
  }

  /**
   * Simulates an operator outage: nothing is created, deleted or updated (pods do not progress
   * either) until {@link #resume()}. Test knobs that play other actors still work.
   */
  public void pause() {
    if (!paused) {
      paused = true;
      log.info("[simulated KubeRay] paused (simulated operator outage)");
    }
  }

  /** Ends a {@link #pause()}; every RayCluster is reconciled at once. */
  public void resume() {
    if (paused) {
      paused = false;
      log.info("[simulated KubeRay] resumed");
      sweepEveryClusterNow();
    }
  }

  /** Whether the operator's RayCluster cache holds this one (for tests of the sweep). */
  boolean caches(String namespace, String cluster) {
    return informer != null && informer.getStore().getByKey(namespace + "/" + cluster) != null;
  }

  public boolean isPaused() {
    return paused;
  }

  /**
   * Deletes the head pod, as if it crashed or its node went away. The simulator then recreates it
   * (Pending, ready after the head delay), like KubeRay. Returns the deleted pod's name.
   *
   * @throws IllegalStateException if the cluster has no head pod
   */
  public String killHead(String namespace, String cluster) {
    return loop.call(
        () -> {
          List<Pod> heads =
              client
                  .pods()
                  .inNamespace(namespace)
                  .withLabel(KubeRay.CLUSTER_LABEL, cluster)
                  .withLabel(KubeRay.NODE_TYPE_LABEL, KubeRay.HEAD)
                  .list()
                  .getItems();
          if (heads.isEmpty()) {
            throw new IllegalStateException(
                "RayCluster " + namespace + "/" + cluster + " has no head pod");
          }
          Pod head = heads.get(0);
          client.pods().inNamespace(namespace).withName(head.getMetadata().getName()).delete();
          clocks.forget(head);
          log.info(
              "[simulated KubeRay] killed head pod {}/{}", namespace, head.getMetadata().getName());
          loop.enqueue(new ClusterKey(namespace, cluster));
          return head.getMetadata().getName();
        });
  }

  /**
   * Marks up to {@code count} worker pods of {@code group} Failed (not ready, containers exited
   * with code 1). After the worker delay they are deleted and replaced, as KubeRay replaces failed
   * pods. Returns the names of the pods that were failed.
   */
  public List<String> failWorkers(String namespace, String cluster, String group, int count) {
    return loop.call(
        () -> {
          Instant now = Instant.now();
          List<Pod> candidates =
              client
                  .pods()
                  .inNamespace(namespace)
                  .withLabel(KubeRay.CLUSTER_LABEL, cluster)
                  .withLabel(KubeRay.GROUP_LABEL, group)
                  .withLabel(KubeRay.NODE_TYPE_LABEL, KubeRay.WORKER)
                  .list()
                  .getItems()
                  .stream()
                  .filter(pod -> !SimulatedKubelet.isFailed(pod))
                  .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                  .limit(Math.max(0, count))
                  .toList();
          List<String> names = new ArrayList<>();
          for (Pod pod : candidates) {
            clocks.failed(pod, now);
            pod.setStatus(SimulatedKubelet.statusAt(pod, clocks.timeline(pod, now), now));
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
            names.add(pod.getMetadata().getName());
          }
          log.info("[simulated KubeRay] failed worker pods {} of {}/{}", names, namespace, cluster);
          loop.enqueue(new ClusterKey(namespace, cluster));
          return names;
        });
  }

  /**
   * Writes {@code spec.workerGroupSpecs[group].replicas}, as the Ray autoscaler would. Works while
   * {@linkplain #pause() paused}: the autoscaler is not the operator.
   *
   * @throws IllegalArgumentException if the cluster has no such worker group
   */
  public void scaleGroup(String namespace, String cluster, String group, int replicas) {
    for (int attempt = 1; ; attempt++) {
      try {
        RayClusterCrd.rayClusters(client)
            .inNamespace(namespace)
            .withName(cluster)
            .edit(rayCluster -> withReplicas(rayCluster, group, replicas));
        log.info(
            "[simulated KubeRay] autoscaler set {}/{} group {} replicas={}",
            namespace,
            cluster,
            group,
            replicas);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private static GenericKubernetesResource withReplicas(
      GenericKubernetesResource rayCluster, String group, int replicas) {
    Map<String, Object> spec = JsonMaps.object(rayCluster.getAdditionalProperties(), "spec");
    for (Object item : JsonMaps.list(spec, "workerGroupSpecs")) {
      if (group.equals(JsonMaps.string(item, "groupName"))) {
        @SuppressWarnings("unchecked")
        Map<String, Object> groupSpec = (Map<String, Object>) item;
        groupSpec.put("replicas", replicas);
        return rayCluster;
      }
    }
    throw new IllegalArgumentException(
        "RayCluster " + ClusterKey.of(rayCluster) + " has no worker group " + group);
  }

  /**
   * Writes a core/v1 Event about the RayCluster, as the operator does (e.g. reason {@code
   * InvalidRayClusterSpec}, type {@code Warning}).
   */
  public Event emitEvent(
      String namespace, String cluster, String reason, String message, String type) {
    GenericKubernetesResource rayCluster =
        RayClusterCrd.rayClusters(client).inNamespace(namespace).withName(cluster).get();
    String uid = rayCluster == null ? null : rayCluster.getMetadata().getUid();
    return events.write(namespace, cluster, uid, reason, message, type);
  }

  // ---------------------------------------------------------------- loop callbacks

  private void reconcile(ClusterKey key) {
    if (!paused && !closed) {
      reconciler.reconcileSafely(key);
    }
  }

  /** Their wake-ups were missed (paused) or are stale (new delays): every RayCluster, now. */
  private void sweepEveryClusterNow() {
    fullSweepRequested = true;
    loop.tickNow();
  }

  private void tick() {
    if (paused || closed || informer == null) {
      return; // (no caches before start(): a full sweep asked for meanwhile stays asked for)
    }
    // Every cluster after a resume or new delays (their wake-ups were missed or are stale), and
    // every FULL_SWEEP_TICKS as the last resort; the other ticks queue only what changed.
    boolean everyCluster = fullSweepRequested || ++ticksSinceFullSweep >= FULL_SWEEP_TICKS;
    if (everyCluster) {
      fullSweepRequested = false;
      ticksSinceFullSweep = 0;
    }
    try {
      reconciler.sweep(
          everyCluster,
          informer.getStore().list(),
          pods.getStore().list(),
          services.getStore().list());
    } catch (RuntimeException e) {
      log.warn("[simulated KubeRay] periodic sweep failed: {}", e.toString());
    }
  }
}
