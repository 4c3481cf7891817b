package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATOR of what Kubernetes does with a Spark History Server's Deployment (the Deployment
 * controller, the scheduler and the kubelet under it) on the mock API, which runs nothing: for each
 * Deployment labelled {@code app.kubernetes.io/component=spark-history-server} it creates one pod,
 * Pending, that turns Running and Ready after the delay (the operator's head delay), and writes the
 * Deployment's {@code .status} as the controller would ({@code readyReplicas}, {@code Available},
 * {@code Progressing}). A deleted Deployment's pods are deleted (the mock has no garbage
 * collector). No Spark runs and nothing answers on port 18080.
 *
 * <p>Test knobs: {@link #hold} keeps new pods Pending (the server stays {@code created}), {@link
 * #fail} makes a Deployment give up as after its progress deadline.
 */
public final class SimulatedHistoryServers {

  private static final Logger log = LoggerFactory.getLogger(SimulatedHistoryServers.class);

  static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  static final String COMPONENT = "spark-history-server";
  private static final String NAME_LABEL = "app.kubernetes.io/name";

  private final KubernetesClient client;
  private final Supplier<Duration> readyDelay;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "simulated-history-servers");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private volatile boolean held;
  private SharedIndexInformer<Deployment> informer;

  /**
   * @param client a client of the mock API; closed by {@link #close()}
   */
  public SimulatedHistoryServers(KubernetesClient client, Supplier<Duration> readyDelay) {
    this.client = Objects.requireNonNull(client);
    this.readyDelay = Objects.requireNonNull(readyDelay);
  }

  public synchronized void start() {
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
                    schedule(deployment, Duration.ZERO);
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    schedule(after, Duration.ZERO);
                  }

                  @Override
                  public void onDelete(Deployment deployment, boolean unknown) {
                    // A failure is one-shot: the next Deployment of that name starts cleanly.
                    failed.remove(
                        deployment.getMetadata().getNamespace()
                            + "/"
                            + deployment.getMetadata().getName());
                    executor.execute(() -> deletePods(deployment));
                  }
                });
    log.info("[simulated Kubernetes] Spark History Server pod SIMULATOR started");
  }

  public synchronized void close() {
    if (informer != null) {
      informer.close();
    }
    executor.shutdownNow();
    client.close();
  }

  /** While held, new history server pods stay Pending, so their servers stay {@code created}. */
  public void hold(boolean hold) {
    held = hold;
    if (!hold && informer != null) {
      informer.getStore().list().forEach(d -> schedule(d, Duration.ZERO));
    }
  }

  /**
   * Makes the Deployment give up: its pod is deleted and its status says {@code
   * ProgressDeadlineExceeded}, as when the image cannot be pulled for ten minutes.
   */
  public void fail(String namespace, String name) {
    failed.add(namespace + "/" + name);
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment != null) {
      schedule(deployment, Duration.ZERO);
    }
  }

  private void schedule(Deployment deployment, Duration after) {
    String namespace = deployment.getMetadata().getNamespace();
    String name = deployment.getMetadata().getName();
    executor.schedule(
        () -> reconcileSafely(namespace, name), after.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void reconcileSafely(String namespace, String name) {
    try {
      reconcile(namespace, name);
    } catch (KubernetesClientException e) {
      // A concurrent change (409) or a deletion: the watch brings the next event.
      log.debug("[simulated Kubernetes] history server {}/{}: {}", namespace, name, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("[simulated Kubernetes] history server {}/{} failed", namespace, name, e);
    }
  }

  private void reconcile(String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return;
    }
    if (failed.contains(namespace + "/" + name)) {
      deletePods(deployment);
      writeStatus(deployment, failedStatus(deployment));
      return;
    }
    List<Pod> pods = pods(deployment);
    Pod pod = pods.isEmpty() ? createPod(deployment) : pods.get(0);
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    Instant readyAt = created.plus(readyDelay.get());
    boolean ready = !held && !Instant.now().isBefore(readyAt);
    if (!ready) {
      writeStatus(deployment, status(deployment, false));
      if (!held) {
        schedule(deployment, Duration.between(Instant.now(), readyAt).plusMillis(10));
      }
      return;
    }
    if (!"Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
      pod.setStatus(
          new io.fabric8.kubernetes.api.model.PodStatusBuilder()
              .withPhase("Running")
              .withPodIP("10.244.9." + (1 + Math.floorMod(name.hashCode(), 250)))
              .addNewCondition()
              .withType("Ready")
              .withStatus("True")
              .endCondition()
              .withContainerStatuses(
                  new ContainerStatusBuilder()
                      .withName(pod.getSpec().getContainers().get(0).getName())
                      .withReady(true)
                      .withRestartCount(0)
                      .withImage(pod.getSpec().getContainers().get(0).getImage())
                      .withNewState()
                      .withNewRunning()
                      .withStartedAt(readyAt.toString())
                      .endRunning()
                      .endState()
                      .build())
              .build());
      client.pods().inNamespace(namespace).resource(pod).updateStatus();
      log.info("[simulated Kubernetes] history server pod {}/{} ready", namespace, name);
    }
    writeStatus(deployment, status(deployment, true));
  }

  private List<Pod> pods(Deployment deployment) {
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withLabel(COMPONENT_LABEL, COMPONENT)
        .withLabel(NAME_LABEL, deployment.getMetadata().getName())
        .list()
        .getItems();
  }

  private Pod createPod(Deployment deployment) {
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(deployment.getMetadata().getName() + "-" + suffix(deployment))
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(labels)
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .resource(pod)
        .create();
  }

  private static String suffix(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    String base = uid == null ? Long.toString(System.nanoTime(), 36) : uid.replace("-", "");
    return base.substring(0, Math.min(5, base.length()));
  }

  private void deletePods(Deployment deployment) {
    for (Pod pod : pods(deployment)) {
      client
          .pods()
          .inNamespace(deployment.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .delete();
    }
  }

  private static DeploymentStatus status(Deployment deployment, boolean ready) {
    DeploymentCondition available =
        new DeploymentConditionBuilder()
            .withType("Available")
            .withStatus(ready ? "True" : "False")
            .withReason(ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
            .withMessage(
                ready
                    ? "Deployment has minimum availability."
                    : "Deployment does not have minimum availability.")
            .build();
    DeploymentCondition progressing =
        new DeploymentConditionBuilder()
            .withType("Progressing")
            .withStatus("True")
            .withReason(ready ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
            .build();
    return new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(1)
        .withUpdatedReplicas(1)
        .withReadyReplicas(ready ? 1 : null)
        .withAvailableReplicas(ready ? 1 : null)
        .withUnavailableReplicas(ready ? null : 1)
        .withConditions(available, progressing)
        .build();
  }

  private static DeploymentStatus failedStatus(Deployment deployment) {
    return new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(0)
        .withUnavailableReplicas(1)
        .withConditions(
            new DeploymentConditionBuilder()
                .withType("Progressing")
                .withStatus("False")
                .withReason("ProgressDeadlineExceeded")
                .withMessage(
                    "ReplicaSet \""
                        + deployment.getMetadata().getName()
                        + "\" has timed out progressing.")
                .build())
        .build();
  }

  private void writeStatus(Deployment deployment, DeploymentStatus status) {
    if (sameStatus(deployment.getStatus(), status)) {
      return;
    }
    deployment.setStatus(status);
    client
        .apps()
        .deployments()
        .inNamespace(deployment.getMetadata().getNamespace())
        .resource(deployment)
        .updateStatus();
  }

  private static boolean sameStatus(DeploymentStatus live, DeploymentStatus desired) {
    if (live == null) {
      return false;
    }
    return Objects.equals(live.getReadyReplicas(), desired.getReadyReplicas())
        && Objects.equals(live.getReplicas(), desired.getReplicas())
        && Objects.equals(
            live.getConditions() == null
                ? null
                : live.getConditions().stream().map(DeploymentCondition::getReason).toList(),
            desired.getConditions().stream().map(DeploymentCondition::getReason).toList());
  }
}
