package com.darwin.compute.sandbox;

import com.darwin.compute.sandbox.RayClusterStatusCalculator.SuspendPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile logic of the {@link SimulatedKubeRayOperator}: for one RayCluster, compare what
 * exists with what KubeRay would want and converge (pods, head Service, pod statuses as the kubelet
 * would report them, RayCluster status). Idempotent, so it may run as often as it likes. Runs only
 * on the {@link ControlLoop} thread.
 */
final class RayClusterReconciler {

  private static final Logger log = LoggerFactory.getLogger(RayClusterReconciler.class);

  /** KubeRay writes no status in the first moments of a RayCluster; neither does the simulator. */
  static final Duration INITIAL_STATUS_DELAY = Duration.ofMillis(250);

  // After a change, look again soon, the way KubeRay requeues after a status update.
  private static final Duration REQUEUE = Duration.ofMillis(50);

  private static final Duration RETRY = Duration.ofMillis(200);

  /** How long a pod's clock outlives its absence from the sweep's cache. */
  private static final Duration CACHE_GRACE = Duration.ofMinutes(1);

  /** What each RayCluster and its pods looked like at the last sweep (the loop thread's only). */
  private Map<ClusterKey, String> sweptFingerprints = Map.of();

  private final KubernetesClient client;
  private final ControlLoop loop;
  private final PodClocks clocks;
  private final RayPodFactory factory;
  private final RayEvents events;
  private final Map<String, Instant> clusterFirstSeen = new HashMap<>();
  private final Set<String> reportedInvalidGenerations = new HashSet<>();

  RayClusterReconciler(
      KubernetesClient client,
      ControlLoop loop,
      PodClocks clocks,
      RayPodFactory factory,
      RayEvents events) {
    this.client = client;
    this.loop = loop;
    this.clocks = clocks;
    this.factory = factory;
    this.events = events;
  }

  /** Reconciles; failures are logged and retried, never thrown onto the loop thread. */
  void reconcileSafely(ClusterKey key) {
    try {
      reconcile(key);
    } catch (KubernetesClientException e) {
      // Usually a race with a concurrent writer or a deletion: try again soon.
      log.debug("[simulated KubeRay] reconcile of {} failed, retrying: {}", key, e.toString());
      loop.enqueueAfter(key, RETRY);
    } catch (RuntimeException e) {
      log.warn("[simulated KubeRay] reconcile of {} failed", key, e);
      loop.enqueueAfter(key, RETRY.multipliedBy(5));
    }
  }

  private void reconcile(ClusterKey key) {
    Instant now = Instant.now();
    GenericKubernetesResource rayCluster =
        RayClusterCrd.rayClusters(client).inNamespace(key.namespace()).withName(key.name()).get();
    if (rayCluster == null || rayCluster.getMetadata().getDeletionTimestamp() != null) {
      collectGarbage(key);
      return;
    }
    Instant firstSeen =
        clusterFirstSeen.computeIfAbsent(rayCluster.getMetadata().getUid(), uid -> now);
    RayClusterSpecView spec = RayClusterSpecView.of(rayCluster);
    if (!spec.problems().isEmpty()) {
      reportInvalid(rayCluster, spec);
      return;
    }
    // A RayCluster deleted and recreated under the same name between two passes: Kubernetes'
    // garbage collector removes the old incarnation's pods and Service (their owner uid is gone).
    boolean changed = collectOrphansOf(rayCluster, key);
    changed |= ensureHeadService(rayCluster, spec);

    List<Pod> pods = listPods(key);
    changed |= advancePods(pods, now);

    Map<String, Object> previous = RayClusterStatusCalculator.previousStatus(rayCluster);
    SuspendPhase phase;
    if (Conditions.isTrue(previous, KubeRay.SUSPENDING)) {
      // Atomic: once suspending, all pods go, even if spec.suspend was flipped back meanwhile.
      phase = pods.isEmpty() ? SuspendPhase.SUSPENDED : SuspendPhase.SUSPENDING;
      changed |= deletePods(rayCluster, pods, "suspend");
    } else if (Conditions.isTrue(previous, KubeRay.SUSPENDED) && spec.suspend()) {
      phase = SuspendPhase.SUSPENDED;
      changed |= deletePods(rayCluster, pods, "suspended");
    } else if (spec.suspend()) {
      // Announce Suspending first; pods are deleted on the next pass.
      phase = SuspendPhase.SUSPENDING;
    } else {
      phase = SuspendPhase.NONE;
      changed |= reconcileHead(rayCluster, spec, pods, now);
      changed |= reconcileWorkers(rayCluster, spec, pods, now);
    }
    if (changed) {
      pods = listPods(key);
    }

    Instant statusAllowedFrom = firstSeen.plus(INITIAL_STATUS_DELAY);
    if (now.isBefore(statusAllowedFrom)) {
      loop.wakeAt(key, statusAllowedFrom);
    } else {
      changed |= writeStatus(rayCluster, spec, pods, phase, now);
    }

    nextChange(pods, now).ifPresent(due -> loop.wakeAt(key, due));
    if (changed) {
      loop.enqueueAfter(key, REQUEUE);
    }
  }

  /**
   * Periodic safety net: queues the RayClusters whose object, pods or Services changed since the
   * last sweep (a pod deleted by a test or by the control plane raises no RayCluster event), or
   * every one when {@code everyCluster}, and removes pods and Services whose RayCluster is gone
   * (also those deleted while the operator was paused).
   *
   * <p>Not every RayCluster every time: a reconcile costs a few calls to the mock API, and a long
   * test run leaves hundreds of settled RayClusters behind, which then kept the loop (and the mock
   * server) busy twice a second while new clusters waited behind them. Their own changes and timed
   * wake-ups are what move clusters along; the operator's caches (one informer per kind) say which
   * ones anything else touched, without a request to the mock API.
   */
  void sweep(
      boolean everyCluster,
      List<GenericKubernetesResource> rayClusters,
      List<Pod> cachedPods,
      List<Service> cachedServices) {
    Map<ClusterKey, String> fingerprints = new HashMap<>();
    for (GenericKubernetesResource rayCluster : rayClusters) {
      fingerprints.put(
          ClusterKey.of(rayCluster), "rc=" + rayCluster.getMetadata().getResourceVersion());
    }
    Set<ClusterKey> owners = new HashSet<>();
    Set<String> liveUids = new HashSet<>();
    List<Pod> pods = new ArrayList<>(cachedPods);
    pods.sort(Comparator.comparing(pod -> pod.getMetadata().getUid()));
    for (Pod pod : pods) {
      liveUids.add(pod.getMetadata().getUid());
      ClusterKey owner = owner(pod);
      owners.add(owner);
      addToFingerprint(fingerprints, owner, "pod", pod);
    }
    // A head Service deleted by someone else raises no RayCluster event either.
    for (Service service : cachedServices) {
      ClusterKey owner = owner(service);
      owners.add(owner);
      addToFingerprint(fingerprints, owner, "svc", service);
    }
    fingerprints.forEach(
        (key, print) -> {
          if (everyCluster || !print.equals(sweptFingerprints.get(key))) {
            loop.enqueue(key);
          }
        });
    sweptFingerprints = fingerprints;
    // Pods and Services of no RayCluster in the cache: their reconcile reads the RayCluster from
    // the API and collects them only if it is really gone (a cache may not have seen it yet).
    owners.removeIf(key -> key.name() == null || fingerprints.containsKey(key));
    owners.forEach(loop::enqueue);
    // A pod this loop created a moment ago may not have reached the cache: its clock stays.
    clocks.retainOnly(liveUids, Instant.now().minus(CACHE_GRACE));
  }

  private static void addToFingerprint(
      Map<ClusterKey, String> fingerprints, ClusterKey owner, String kind, HasMetadata child) {
    fingerprints.computeIfPresent(
        owner,
        (key, print) ->
            print
                + ","
                + kind
                + "="
                + child.getMetadata().getUid()
                + "@"
                + child.getMetadata().getResourceVersion());
  }

  private boolean ensureHeadService(GenericKubernetesResource rayCluster, RayClusterSpecView spec) {
    String namespace = rayCluster.getMetadata().getNamespace();
    // Create-only, like KubeRay: an existing head Service is never updated.
    if (client.services().inNamespace(namespace).withName(spec.headServiceName()).get() != null) {
      return false;
    }
    client
        .services()
        .inNamespace(namespace)
        .resource(factory.headService(rayCluster, spec))
        .create();
    log.info("[simulated KubeRay] created head service {}/{}", namespace, spec.headServiceName());
    events.record(
        rayCluster,
        "CreatedService",
        "Created service " + namespace + "/" + spec.headServiceName(),
        RayEvents.NORMAL);
    return true;
  }

  /** The kubelet part: store the status each pod should have by now. */
  private boolean advancePods(List<Pod> pods, Instant now) {
    boolean changed = false;
    for (int i = 0; i < pods.size(); i++) {
      Pod pod = pods.get(i);
      PodStatus wanted = SimulatedKubelet.statusAt(pod, clocks.timeline(pod, now), now);
      if (!SimulatedKubelet.sameObservableState(pod.getStatus(), wanted)) {
        pod.setStatus(wanted);
        pods.set(
            i,
            client
                .pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .updateStatus());
        log.info(
            "[simulated KubeRay] pod {}/{} is now {}{}",
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            wanted.getPhase(),
            describeReadiness(wanted));
        changed = true;
      }
    }
    return changed;
  }

  private boolean reconcileHead(
      GenericKubernetesResource rayCluster, RayClusterSpecView spec, List<Pod> pods, Instant now) {
    List<Pod> heads = ofNodeType(pods, KubeRay.HEAD);
    if (heads.isEmpty()) {
      createPod(rayCluster, factory.headPod(rayCluster, spec), "CreatedHeadPod", "head", now);
      return true;
    }
    if (heads.size() > 1) {
      List<Pod> extra =
          heads.stream()
              .sorted(Comparator.comparing((Pod pod) -> clocks.createdAt(pod, now)))
              .skip(1)
              .toList();
      return deletePods(rayCluster, extra, "duplicate head");
    }
    return false;
  }

  private boolean reconcileWorkers(
      GenericKubernetesResource rayCluster, RayClusterSpecView spec, List<Pod> pods, Instant now) {
    boolean changed = false;
    boolean headRunning =
        ofNodeType(pods, KubeRay.HEAD).stream().anyMatch(SimulatedKubelet::isRunning);
    List<Pod> workers = ofNodeType(pods, KubeRay.WORKER);
    Set<String> groupNames = new HashSet<>();
    for (RayClusterSpecView.WorkerGroup group : spec.workerGroups()) {
      groupNames.add(group.name());
      List<Pod> groupPods = new ArrayList<>(ofGroup(workers, group.name()));

      // Pods the autoscaler named in scaleStrategy.workersToDelete go first.
      List<Pod> listed =
          groupPods.stream()
              .filter(pod -> group.workersToDelete().contains(pod.getMetadata().getName()))
              .toList();
      changed |= deletePods(rayCluster, listed, "in workersToDelete");
      groupPods.removeAll(listed);
      // Failed pods are replaced, but only after the worker delay, so the failure is observable.
      List<Pod> failed =
          groupPods.stream().filter(pod -> clocks.dueForReplacement(pod, now)).toList();
      changed |= deletePods(rayCluster, failed, "failed");
      groupPods.removeAll(failed);

      int missing = group.desiredPods() - groupPods.size();
      if (missing > 0 && headRunning) {
        for (int i = 0; i < missing; i++) {
          createPod(
              rayCluster, factory.workerPod(rayCluster, group), "CreatedWorkerPod", "worker", now);
        }
        changed = true;
      } else if (missing < 0) {
        // Scale down: failed and not-ready pods go first, then the newest.
        List<Pod> surplus =
            groupPods.stream()
                .sorted(
                    Comparator.comparing((Pod pod) -> SimulatedKubelet.isRunningAndReady(pod))
                        .thenComparing(
                            (Pod pod) -> clocks.createdAt(pod, now), Comparator.reverseOrder()))
                .limit(-missing)
                .toList();
        changed |= deletePods(rayCluster, surplus, "scale down");
      }
    }
    List<Pod> orphans =
        workers.stream()
            .filter(pod -> !groupNames.contains(labels(pod).get(KubeRay.GROUP_LABEL)))
            .toList();
    changed |= deletePods(rayCluster, orphans, "worker group removed");
    return changed;
  }

  private void createPod(
      GenericKubernetesResource rayCluster, Pod pod, String eventReason, String role, Instant now) {
    String namespace = rayCluster.getMetadata().getNamespace();
    // Created with phase Pending already, as the API server defaults it; the kubelet part takes
    // over from there.
    pod.setStatus(SimulatedKubelet.statusAt(pod, clocks.newPod(pod, now), now));
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    clocks.created(created, now);
    log.info(
        "[simulated KubeRay] created {} pod {}/{}",
        role,
        namespace,
        created.getMetadata().getName());
    events.record(
        rayCluster,
        eventReason,
        "Created " + role + " Pod " + namespace + "/" + created.getMetadata().getName(),
        RayEvents.NORMAL);
  }

  private boolean deletePods(GenericKubernetesResource rayCluster, List<Pod> pods, String why) {
    for (Pod pod : pods) {
      String namespace = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      client.pods().inNamespace(namespace).withName(name).delete();
      clocks.forget(pod);
      log.info("[simulated KubeRay] deleted pod {}/{} ({})", namespace, name, why);
      events.record(
          rayCluster,
          PodClocks.isHead(pod) ? "DeletedHeadPod" : "DeletedWorkerPod",
          "Deleted Pod " + namespace + "/" + name,
          RayEvents.NORMAL);
    }
    return !pods.isEmpty();
  }

  private boolean writeStatus(
      GenericKubernetesResource rayCluster,
      RayClusterSpecView spec,
      List<Pod> pods,
      SuspendPhase phase,
      Instant now) {
    Map<String, Object> previous = RayClusterStatusCalculator.previousStatus(rayCluster);
    Map<String, Object> status =
        RayClusterStatusCalculator.calculate(
            rayCluster, spec, factory.headPorts(spec), pods, phase, now);
    if (!previous.isEmpty() && RayClusterStatusCalculator.sameStatus(previous, status)) {
      return false;
    }
    status.put("lastUpdateTime", SimulatedKubelet.time(now));
    rayCluster.setAdditionalProperty("status", status);
    RayClusterCrd.rayClusters(client)
        .inNamespace(rayCluster.getMetadata().getNamespace())
        .resource(rayCluster)
        .updateStatus();
    logConditionChanges(rayCluster, previous, status);
    return true;
  }

  /** Deletes the pods and Services of {@code key} owned by an earlier RayCluster of that name. */
  private boolean collectOrphansOf(GenericKubernetesResource rayCluster, ClusterKey key) {
    String uid = rayCluster.getMetadata().getUid();
    boolean deleted = false;
    for (Pod pod : listPods(key)) {
      if (ownedByAnother(pod.getMetadata(), uid)) {
        client.pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete();
        clocks.forget(pod);
        deleted = true;
      }
    }
    for (Service service :
        client
            .services()
            .inNamespace(key.namespace())
            .withLabel(KubeRay.CLUSTER_LABEL, key.name())
            .withLabel(KubeRay.CREATED_BY_LABEL, KubeRay.CREATED_BY)
            .list()
            .getItems()) {
      if (ownedByAnother(service.getMetadata(), uid)) {
        client
            .services()
            .inNamespace(key.namespace())
            .withName(service.getMetadata().getName())
            .delete();
        deleted = true;
      }
    }
    if (deleted) {
      log.info(
          "[simulated KubeRay] RayCluster {}/{} was recreated: removed the old incarnation's objects",
          key.namespace(),
          key.name());
    }
    return deleted;
  }

  private static boolean ownedByAnother(
      io.fabric8.kubernetes.api.model.ObjectMeta meta, String uid) {
    return meta.getOwnerReferences() != null
        && !meta.getOwnerReferences().isEmpty()
        && meta.getOwnerReferences().stream().noneMatch(o -> uid.equals(o.getUid()));
  }

  /** The RayCluster is gone; the mock has no garbage collector, so delete what it owned. */
  private void collectGarbage(ClusterKey key) {
    List<Pod> pods = listPods(key);
    for (Pod pod : pods) {
      client.pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete();
      clocks.forget(pod);
    }
    List<Service> services =
        client
            .services()
            .inNamespace(key.namespace())
            .withLabel(KubeRay.CLUSTER_LABEL, key.name())
            .withLabel(KubeRay.CREATED_BY_LABEL, KubeRay.CREATED_BY)
            .list()
            .getItems();
    for (Service service : services) {
      client
          .services()
          .inNamespace(key.namespace())
          .withName(service.getMetadata().getName())
          .delete();
    }
    if (!pods.isEmpty() || !services.isEmpty()) {
      log.info(
          "[simulated KubeRay] RayCluster {} is gone: deleted {} pods and {} services",
          key,
          pods.size(),
          services.size());
    }
    loop.cancelWakeUp(key);
  }

  private void reportInvalid(GenericKubernetesResource rayCluster, RayClusterSpecView spec) {
    String marker =
        rayCluster.getMetadata().getUid() + "@" + rayCluster.getMetadata().getGeneration();
    if (reportedInvalidGenerations.add(marker)) {
      String message = String.join("; ", spec.problems());
      log.info("[simulated KubeRay] invalid RayCluster {}: {}", ClusterKey.of(rayCluster), message);
      events.record(rayCluster, "InvalidRayClusterSpec", message, RayEvents.WARNING);
    }
  }

  private List<Pod> listPods(ClusterKey key) {
    return new ArrayList<>(
        client
            .pods()
            .inNamespace(key.namespace())
            .withLabel(KubeRay.CLUSTER_LABEL, key.name())
            .list()
            .getItems());
  }

  /** The next moment a pod's simulated status changes or a failed pod is due for replacement. */
  private Optional<Instant> nextChange(List<Pod> pods, Instant now) {
    Instant next = null;
    for (Pod pod : pods) {
      SimulatedKubelet.Timeline timeline = clocks.timeline(pod, now);
      Optional<Instant> change =
          timeline.failed() != null
              ? Optional.of(clocks.replacementDue(pod, timeline.failed()))
              : SimulatedKubelet.nextChange(pod, timeline, now);
      if (change.isPresent() && (next == null || change.get().isBefore(next))) {
        next = change.get();
      }
    }
    return Optional.ofNullable(next);
  }

  private static ClusterKey owner(HasMetadata child) {
    Map<String, String> labels = child.getMetadata().getLabels();
    return new ClusterKey(
        child.getMetadata().getNamespace(),
        labels == null ? null : labels.get(KubeRay.CLUSTER_LABEL));
  }

  private static List<Pod> ofNodeType(List<Pod> pods, String nodeType) {
    return pods.stream()
        .filter(pod -> nodeType.equals(labels(pod).get(KubeRay.NODE_TYPE_LABEL)))
        .toList();
  }

  private static List<Pod> ofGroup(List<Pod> pods, String group) {
    return pods.stream().filter(pod -> group.equals(labels(pod).get(KubeRay.GROUP_LABEL))).toList();
  }

  private static Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
  }

  private static String describeReadiness(PodStatus status) {
    if (status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()) {
      return "";
    }
    Map<String, Boolean> ready = new LinkedHashMap<>();
    status
        .getContainerStatuses()
        .forEach(c -> ready.put(c.getName(), Boolean.TRUE.equals(c.getReady())));
    return " (ready: " + ready + ")";
  }

  private static void logConditionChanges(
      GenericKubernetesResource rayCluster,
      Map<String, Object> previous,
      Map<String, Object> status) {
    Conditions before = Conditions.from(previous);
    for (Map<String, Object> condition : Conditions.from(status).toList()) {
      Object type = condition.get("type");
      Object oldStatus = before.find(String.valueOf(type)).map(c -> c.get("status")).orElse(null);
      if (!Objects.equals(oldStatus, condition.get("status"))) {
        log.info(
            "[simulated KubeRay] RayCluster {}: {}={} ({})",
            ClusterKey.of(rayCluster),
            type,
            condition.get("status"),
            condition.get("reason"));
      }
    }
  }
}
