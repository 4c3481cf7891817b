package com.darwin.compute.sandbox;

import static java.util.stream.Collectors.toSet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATOR of the Deployment controller, the garbage collector and the kubelet for the
 * Deployments of standalone Jupyter pods (label {@code app.kubernetes.io/component=jupyter-pod}) on
 * the mock Kubernetes API, which has none of them. It is not Kubernetes: it keeps one pod per
 * Deployment, named {@code {deployment}-{template hash}-{suffix}}, owned directly by the Deployment
 * (no ReplicaSet), recreated when the pod template changes (the {@code Recreate} strategy: the old
 * pod goes first) and when it is deleted.
 *
 * <p>A pod is Pending, then Running after the ready delay, when its {@link SimulatedJupyterServers
 * simulated Jupyter server} starts; it is Ready while that server answers (the readiness probe). A
 * deleted Deployment takes its pods, and the Services and NetworkPolicies it owns, with it. Test
 * knobs: {@link #failPod} (the container exits with an error), {@link #failNewPods} (every pod made
 * from then on does, as with a broken image).
 *
 * <p>Like a controller and a kubelet, it acts on events and probes from caches: its periodic tick
 * (the readiness probe, and a resync that retries a failed reconcile) compares informer caches of
 * the Deployments and their pods with what they should be and reconciles, from the API, only the
 * ones that differ. A settled Jupyter pod costs the API nothing.
 */
public final class SimulatedDeploymentController {

  private static final Logger log = LoggerFactory.getLogger(SimulatedDeploymentController.class);
  private static final Duration PROBE_PERIOD = Duration.ofMillis(500);
  static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  static final String COMPONENT = "jupyter-pod";
  static final String JUPYTER_POD_LABEL = "darwin.io/jupyter-pod";
  private static final String HASH_LABEL = "pod-template-hash";

  private final KubernetesClient client;
  private final SimulatedJupyterServers servers;
  private final Supplier<Duration> readyDelay;
  private final Duration probePeriod;
  private final ControlLoop loop;
  private final Map<String, Instant> created = new ConcurrentHashMap<>();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  /**
   * Pods the kubelet evicted: Failed with reason Evicted, kept, and replaced as a ReplicaSet does.
   */
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();

  private volatile boolean failingNewPods;
  private final Set<ClusterKey> known = ConcurrentHashMap.newKeySet();
  private final Map<ClusterKey, TemplateHash> hashes = new ConcurrentHashMap<>();
  // Written by start() (the Deployment informer last), read by the loop thread's tick.
  private volatile SharedIndexInformer<Pod> pods;
  private volatile SharedIndexInformer<Deployment> informer;

  /** The template hash of one version of a Deployment, so that a tick does not hash it again. */
  private record TemplateHash(String resourceVersion, String hash) {}

  public SimulatedDeploymentController(
      KubernetesClient client, SimulatedJupyterServers servers, Supplier<Duration> readyDelay) {
    this(client, servers, readyDelay, PROBE_PERIOD);
  }

  /** With another tick period (tests of what must not wait for a tick). */
  SimulatedDeploymentController(
      KubernetesClient client,
      SimulatedJupyterServers servers,
      Supplier<Duration> readyDelay,
      Duration probePeriod) {
    this.probePeriod = probePeriod;
    this.client = client;
    this.servers = servers;
    this.readyDelay = readyDelay;
    this.loop = new ControlLoop("simulated-deployment-controller", this::reconcile, this::tick);
  }

  public synchronized void start() {
    // Someone deleting a pod is an event (the pod is recreated at once; a delete of its own costs a
    // reconcile that finds nothing to do); the tick finds the rest.
    pods =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(COMPONENT_LABEL, COMPONENT)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {}

                  @Override
                  public void onUpdate(Pod before, Pod after) {}

                  @Override
                  public void onDelete(Pod pod, boolean unknownState) {
                    ownerOf(pod).filter(known::contains).ifPresent(loop::enqueue);
                  }
                });
    informer =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .withLabel(COMPONENT_LABEL, COMPONENT)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment deployment) {
                    enqueue(deployment);
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    enqueue(after);
                  }

                  @Override
                  public void onDelete(Deployment deployment, boolean unknownState) {
                    enqueue(deployment);
                  }
                });
    loop.startTicking(probePeriod);
    log.info("[simulated Deployment controller] SIMULATOR started");
  }

  public synchronized void close() {
    for (SharedIndexInformer<?> each : new SharedIndexInformer<?>[] {informer, pods}) {
      if (each != null) {
        each.close();
      }
    }
    loop.close();
    client.close();
  }

  /**
   * Marks the current pod of a Jupyter pod Failed (its container exited with code 1); its server
   * stops. Like a ReplicaSet, the simulator does not replace a Failed pod of a Deployment whose
   * {@code restartPolicy} is Always only because it failed: the control plane must notice.
   */
  public String failPod(String namespace, String name) {
    return loop.call(
        () -> {
          Pod pod =
              podsOf(namespace, name).stream()
                  .findFirst()
                  .orElseThrow(() -> new IllegalStateException(name + " has no pod"));
          failed.add(pod.getMetadata().getName());
          log.info("[simulated Deployment controller] failed pod {}", pod.getMetadata().getName());
          reconcile(new ClusterKey(namespace, name));
          return pod.getMetadata().getName();
        });
  }

  /**
   * Evicts the current pod of a Jupyter pod, as the kubelet does under node pressure: the pod
   * stays, Failed with reason {@code Evicted}, and (unlike a pod whose container failed) its
   * ReplicaSet makes another at once, since an evicted pod is no longer one of its active pods.
   */
  public String evictPod(String namespace, String name) {
    return loop.call(
        () -> {
          Pod pod =
              podsOf(namespace, name).stream()
                  .filter(p -> !evicted.contains(p.getMetadata().getName()))
                  .findFirst()
                  .orElseThrow(() -> new IllegalStateException(name + " has no pod"));
          evicted.add(pod.getMetadata().getName());
          log.info("[simulated Deployment controller] evicted pod {}", pod.getMetadata().getName());
          reconcile(new ClusterKey(namespace, name));
          return pod.getMetadata().getName();
        });
  }

  /**
   * While {@code failing}, every pod made fails as it starts (its container exits with an error),
   * as with a broken image or a server that crashes at start; pods made before are left as they
   * are.
   */
  public void failNewPods(boolean failing) {
    failingNewPods = failing;
  }

  /** The pods of a Jupyter pod's Deployment, as stored. */
  public List<Pod> podsOf(String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(JUPYTER_POD_LABEL, name)
        .list()
        .getItems()
        .stream()
        .filter(pod -> ownedBy(pod, "Deployment", name))
        .toList();
  }

  private void enqueue(Deployment deployment) {
    ClusterKey key = ClusterKey.of(deployment);
    known.add(key);
    loop.enqueue(key);
  }

  /**
   * Reconciles the Jupyter pods whose cached Deployment and pods are not as they should be: a
   * server that stopped answering (the readiness probe), a pod gone or of an older template, a
   * status not written yet because a reconcile failed. The reconcile reads the API, which the
   * caches may lag behind, so a stale cache costs one reconcile, never a second pod.
   */
  private void tick() {
    SharedIndexInformer<Deployment> deployments = informer;
    SharedIndexInformer<Pod> cachedPods = pods;
    if (deployments == null || cachedPods == null) {
      return;
    }
    Map<ClusterKey, List<Pod>> podsByOwner = new HashMap<>();
    for (Pod pod : cachedPods.getStore().list()) {
      ownerOf(pod)
          .ifPresent(owner -> podsByOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(pod));
    }
    Instant now = Instant.now();
    for (ClusterKey key : known) {
      Deployment deployment = deployments.getStore().getByKey(key.toString());
      boolean settled;
      try {
        settled = settled(key, deployment, podsByOwner.getOrDefault(key, List.of()), now);
      } catch (RuntimeException e) {
        settled = false; // e.g. a Deployment without a template: its reconcile logs why
      }
      if (!settled) {
        loop.enqueue(key);
      }
    }
  }

  private boolean settled(ClusterKey key, Deployment deployment, List<Pod> all, Instant now) {
    List<Pod> owned =
        all.stream().filter(p -> !evicted.contains(p.getMetadata().getName())).toList();
    if (deployment == null || owned.size() != 1) {
      return false;
    }
    Pod pod = owned.get(0);
    String podName = pod.getMetadata().getName();
    Instant since = created.get(podName);
    if (since == null
        || !templateHashOf(key, deployment).equals(pod.getMetadata().getLabels().get(HASH_LABEL))) {
      return false;
    }
    PodStatus wanted = wantedStatus(key, podName, since, now);
    boolean serverAsWanted =
        "Running".equals(wanted.getPhase()) == podName.equals(servers.podOf(key.name()));
    return serverAsWanted && sameState(pod.getStatus(), wanted);
  }

  private String templateHashOf(ClusterKey key, Deployment deployment) {
    String version = deployment.getMetadata().getResourceVersion();
    TemplateHash memo = hashes.get(key);
    if (memo == null || !Objects.equals(memo.resourceVersion(), version)) {
      memo = new TemplateHash(version, templateHash(deployment));
      hashes.put(key, memo);
    }
    return memo.hash();
  }

  private static Optional<ClusterKey> ownerOf(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners == null
        ? Optional.empty()
        : owners.stream()
            .filter(o -> "Deployment".equals(o.getKind()))
            .findFirst()
            .map(o -> new ClusterKey(pod.getMetadata().getNamespace(), o.getName()));
  }

  private void reconcile(ClusterKey key) {
    try {
      converge(key);
    } catch (RuntimeException e) {
      log.warn("[simulated Deployment controller] {} failed: {}", key, e.toString());
    }
  }

  private void converge(ClusterKey key) {
    Deployment deployment =
        client.apps().deployments().inNamespace(key.namespace()).withName(key.name()).get();
    List<Pod> pods = podsOf(key.namespace(), key.name());
    if (deployment == null) {
      for (Pod pod : pods) {
        deletePod(key, pod);
      }
      servers.keepOnly(key.name(), Set.of());
      collectGarbage(key);
      known.remove(key);
      hashes.remove(key);
      return;
    }
    // A Deployment recreated under the same name while its predecessor's reconcile ran.
    known.add(key);
    String hash = templateHash(deployment);
    List<Pod> current = new ArrayList<>();
    for (Pod pod : pods) {
      if (!hash.equals(pod.getMetadata().getLabels().get(HASH_LABEL))) {
        deletePod(key, pod);
      } else if (evicted.contains(pod.getMetadata().getName())) {
        markEvicted(key, pod); // kept, as the kubelet leaves it, but no longer one of its pods
      } else {
        current.add(pod);
      }
    }
    servers.keepOnly(
        key.name(), current.stream().map(pod -> pod.getMetadata().getName()).collect(toSet()));
    if (current.isEmpty()) {
      current.add(createPod(deployment, hash));
    }
    Instant now = Instant.now();
    for (Pod pod : current) {
      updateStatus(key, pod, now);
    }
  }

  private Pod createPod(Deployment deployment, String hash) {
    var template = deployment.getSpec().getTemplate();
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
    labels.put(HASH_LABEL, hash);
    String name =
        deployment.getMetadata().getName()
            + "-"
            + hash
            + "-"
            + Long.toString(System.nanoTime() % 60466176L, 36);
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(deployment.getMetadata().getName())
            .withUid(deployment.getMetadata().getUid())
            .withController(true)
            .build();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(
                template.getMetadata().getAnnotations() == null
                    ? null
                    : new LinkedHashMap<>(template.getMetadata().getAnnotations()))
            .withOwnerReferences(owner)
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    Pod stored =
        client.pods().inNamespace(deployment.getMetadata().getNamespace()).resource(pod).create();
    if (failingNewPods) {
      failed.add(name);
    }
    created.put(name, Instant.now());
    log.info("[simulated Deployment controller] created pod {}", name);
    return stored;
  }

  private void updateStatus(ClusterKey key, Pod pod, Instant now) {
    String podName = pod.getMetadata().getName();
    Instant since = created.computeIfAbsent(podName, n -> now);
    Instant running = since.plus(readyDelay.get());
    if (failed.contains(podName)) {
      servers.stopped(key.name(), podName);
    } else if (now.isBefore(running)) {
      loop.wakeAt(key, running);
    } else if (!Objects.equals(servers.podOf(key.name()), podName)) {
      servers.started(key.name(), podName, basePath(pod), tokenless(pod));
    }
    PodStatus wanted = wantedStatus(key, podName, since, now);
    if (!sameState(pod.getStatus(), wanted)) {
      pod.setStatus(wanted);
      client.pods().inNamespace(key.namespace()).resource(pod).updateStatus();
    }
  }

  /** The status a pod created at {@code since} has now; the tick compares it with its cache. */
  private PodStatus wantedStatus(ClusterKey key, String podName, Instant since, Instant now) {
    if (failed.contains(podName)) {
      return status("Failed", false, false, podName);
    }
    if (now.isBefore(since.plus(readyDelay.get()))) {
      return status("Pending", false, false, podName);
    }
    return status("Running", true, servers.answers(key.name(), podName), podName);
  }

  /** An evicted pod's status, once: Failed, reason Evicted, its server gone. */
  private void markEvicted(ClusterKey key, Pod pod) {
    servers.stopped(key.name(), pod.getMetadata().getName());
    if (pod.getStatus() != null && "Evicted".equals(pod.getStatus().getReason())) {
      return;
    }
    PodStatus status = status("Failed", false, false, pod.getMetadata().getName());
    status.setReason("Evicted");
    status.setMessage("The node was low on resource: memory.");
    pod.setStatus(status);
    client.pods().inNamespace(key.namespace()).resource(pod).updateStatus();
  }

  private void deletePod(ClusterKey key, Pod pod) {
    client.pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete();
    servers.stopped(key.name(), pod.getMetadata().getName());
    created.remove(pod.getMetadata().getName());
    failed.remove(pod.getMetadata().getName());
    evicted.remove(pod.getMetadata().getName());
  }

  /** What the garbage collector does once an owner is gone. */
  private void collectGarbage(ClusterKey key) {
    List<HasMetadata> owned = new ArrayList<>();
    owned.addAll(client.services().inNamespace(key.namespace()).list().getItems());
    owned.addAll(
        client.network().v1().networkPolicies().inNamespace(key.namespace()).list().getItems());
    for (HasMetadata object : owned) {
      if (ownedBy(object, "Deployment", key.name())) {
        client.resource(object).inNamespace(key.namespace()).delete();
      }
    }
  }

  private static boolean ownedBy(HasMetadata object, String kind, String name) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream().anyMatch(o -> kind.equals(o.getKind()) && name.equals(o.getName()));
  }

  private static PodStatus status(String phase, boolean started, boolean ready, String podName) {
    ContainerStatus container =
        new ContainerStatusBuilder()
            .withName("jupyter")
            .withReady(ready)
            .withStarted(started)
            .withRestartCount(0)
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .build();
    if (!started) {
      container.getState().setRunning(null);
      container.setState(
          "Failed".equals(phase)
              ? new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                  .withNewTerminated()
                  .withExitCode(1)
                  .withReason("Error")
                  .endTerminated()
                  .build()
              : new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                  .withNewWaiting()
                  .withReason("ContainerCreating")
                  .endWaiting()
                  .build());
    }
    return new PodStatusBuilder()
        .withPhase(phase)
        .withPodIP(started ? "10.245.0." + (1 + Math.floorMod(podName.hashCode(), 250)) : null)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .withContainerStatuses(container)
        .build();
  }

  private static boolean sameState(PodStatus stored, PodStatus wanted) {
    if (stored == null) {
      return false;
    }
    return Objects.equals(stored.getPhase(), wanted.getPhase())
        && Objects.equals(readyOf(stored), readyOf(wanted));
  }

  private static String readyOf(PodStatus status) {
    return status.getConditions() == null
        ? null
        : status.getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(c -> c.getStatus())
            .findFirst()
            .orElse(null);
  }

  private static List<String> command(Pod pod) {
    var containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
    if (containers == null || containers.isEmpty()) {
      return List.of();
    }
    List<String> command = new ArrayList<>();
    if (containers.get(0).getCommand() != null) {
      command.addAll(containers.get(0).getCommand());
    }
    if (containers.get(0).getArgs() != null) {
      command.addAll(containers.get(0).getArgs());
    }
    return command;
  }

  private static String basePath(Pod pod) {
    for (String argument : command(pod)) {
      if (argument.startsWith("--ServerApp.base_url=")) {
        String base = argument.substring("--ServerApp.base_url=".length());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      }
    }
    return "";
  }

  /** jupyter_server runs without a token only when told so with an empty one. */
  private static boolean tokenless(Pod pod) {
    List<String> command = command(pod);
    return command.contains("--IdentityProvider.token=") || command.contains("--ServerApp.token=");
  }

  private static String templateHash(Deployment deployment) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  io.fabric8.kubernetes.client.utils.Serialization.asJson(
                          deployment.getSpec().getTemplate())
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
