package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the simulator against its own mock API server, without the rest of the sandbox. */
class SimulatedKubeRayOperatorTest {

  private static final String NS = "ray";
  private static final OperatorDelays DELAYS =
      new OperatorDelays(Duration.ofMillis(150), Duration.ofMillis(400), Duration.ofMillis(150));
  private static final AtomicInteger CLUSTER_NUMBER = new AtomicInteger();

  private static MockKubernetesApi api;
  private static SimulatedKubeRayOperator operator;
  private static KubernetesClient client;

  private String cluster;

  @BeforeAll
  static void startApiAndOperator() {
    api = MockKubernetesApi.start();
    operator = new SimulatedKubeRayOperator(api.newClient(), DELAYS);
    operator.start();
    client = api.newClient();
  }

  @AfterAll
  static void stopEverything() {
    client.close();
    operator.close();
    api.close();
  }

  @BeforeEach
  void nameTheCluster() {
    cluster = "rc-" + CLUSTER_NUMBER.incrementAndGet();
    operator.setDelays(DELAYS);
    operator.resume();
  }

  @AfterEach
  void deleteTheCluster() {
    rayClusters().inNamespace(NS).withName(cluster).delete();
  }

  @Test
  void bringsAClusterUpLikeKubeRay() {
    List<Pod> podUpdates = new CopyOnWriteArrayList<>();
    try (Watch ignored = watchPods(podUpdates)) {
      GenericKubernetesResource created = createCluster();
      // KubeRay leaves .status unset at first; a control plane must cope with that.
      assertThat(status()).isEmpty();

      Pod head = waitFor().until(this::headPod, Optional::isPresent).orElseThrow();
      assertThat(head.getMetadata().getName()).matches(cluster + "-head-[a-z0-9]{5}");
      assertThat(head.getMetadata().getLabels())
          .containsEntry("ray.io/cluster", cluster)
          .containsEntry("ray.io/node-type", "head")
          .containsEntry("ray.io/group", "headgroup")
          .containsEntry("ray.io/is-ray-node", "yes")
          .containsEntry("ray.io/identifier", cluster + "-head")
          .containsEntry("app.kubernetes.io/name", "kuberay")
          .containsEntry("app.kubernetes.io/created-by", "kuberay-operator")
          .containsEntry("darwin.compute/role", "head");
      assertThat(head.getMetadata().getAnnotations())
          .containsEntry("darwin.compute/owner", "alice");
      assertThat(head.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getKind()).isEqualTo("RayCluster");
                assertThat(owner.getName()).isEqualTo(cluster);
                assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
              });
      assertThat(head.getSpec().getContainers())
          .extracting("name")
          .containsExactly("ray-head", "jupyter");

      waitFor().until(() -> status().isPresent() && conditionIs("RayClusterProvisioned", "True"));

      Map<String, Object> status = status().orElseThrow();
      Pod readyHead = headPod().orElseThrow();
      assertThat(readyHead.getStatus().getPhase()).isEqualTo("Running");
      assertThat(containerReady(readyHead, "ray-head")).isTrue();
      assertThat(condition("HeadPodReady"))
          .containsEntry("status", "True")
          .containsEntry("reason", "HeadPodRunningAndReady");
      assertThat(condition("RayClusterProvisioned"))
          .containsEntry("reason", "AllPodRunningAndReadyFirstTime");
      assertThat(status)
          .containsEntry("state", "ready")
          .containsEntry("readyWorkerReplicas", 1)
          .containsEntry("availableWorkerReplicas", 1)
          .containsEntry("desiredWorkerReplicas", 1)
          .containsEntry("observedGeneration", 1)
          .containsEntry(
              "endpoints",
              Map.of(
                  "client", "10001", "dashboard", "8265", "gcs-server", "6379", "metrics", "8080"));
      assertThat(JsonMaps.object(status, "head"))
          .containsEntry("podName", readyHead.getMetadata().getName())
          .containsEntry("serviceName", cluster + "-head-svc");
      List<Pod> workers = workerPods("cpu");
      assertThat(workers)
          .singleElement()
          .satisfies(
              worker -> {
                assertThat(worker.getMetadata().getName())
                    .matches(cluster + "-cpu-worker-[a-z0-9]{5}");
                assertThat(worker.getMetadata().getLabels())
                    .containsEntry("ray.io/node-type", "worker")
                    .containsEntry("ray.io/group", "cpu")
                    .containsEntry("ray.io/identifier", cluster + "-worker");
                assertThat(SimulatedKubelet.isRunningAndReady(worker)).isTrue();
              });
      Service service = client.services().inNamespace(NS).withName(cluster + "-head-svc").get();
      assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
      assertThat(service.getMetadata().getLabels()).containsEntry("ray.io/cluster", cluster);

      // Jupyter becomes ready after the Ray container: some update shows Ray ready, Jupyter not.
      waitFor().until(() -> containerReady(headPod().orElseThrow(), "jupyter"));
      assertThat(podUpdates)
          .anySatisfy(
              pod -> {
                assertThat(pod.getMetadata().getName())
                    .isEqualTo(readyHead.getMetadata().getName());
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                assertThat(containerReady(pod, "ray-head")).isTrue();
                assertThat(containerReady(pod, "jupyter")).isFalse();
              });
      assertThat(events())
          .extracting(Event::getReason)
          .contains("CreatedHeadPod", "CreatedWorkerPod");
    }
  }

  @Test
  void recreatesAKilledHeadAndReportsItUntilItIsReadyAgain() {
    createCluster();
    waitFor().until(() -> conditionIs("RayClusterProvisioned", "True"));
    String firstHead = headPod().orElseThrow().getMetadata().getName();
    List<GenericKubernetesResource> statusUpdates = new CopyOnWriteArrayList<>();
    try (Watch ignored = watchRayCluster(statusUpdates)) {

      assertThat(operator.killHead(NS, cluster)).isEqualTo(firstHead);

      // Seen on the watch, not by polling: the head is not ready for only its short delay, which
      // a poll on a loaded machine can miss.
      waitFor()
          .until(
              () ->
                  statusUpdates.stream()
                      .anyMatch(update -> "False".equals(conditionStatus(update, "HeadPodReady"))));
      waitFor().until(() -> conditionIs("HeadPodReady", "True"));
    }
    assertThat(headPod().orElseThrow().getMetadata().getName()).isNotEqualTo(firstHead);
    // Provisioned describes the first start-up only; a head restart does not reset it.
    assertThat(statusUpdates)
        .isNotEmpty()
        .allSatisfy(
            update ->
                assertThat(conditionStatus(update, "RayClusterProvisioned")).isEqualTo("True"));
    assertThatThrownBy(() -> operator.killHead(NS, "no-such-cluster"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void followsReplicaChangesWithinMinAndMax() {
    createCluster();
    waitFor().until(() -> conditionIs("RayClusterProvisioned", "True"));

    operator.scaleGroup(NS, cluster, "cpu", 2);
    waitFor().until(() -> readyWorkers() == 2 && intStatus("desiredWorkerReplicas") == 2);
    assertThat(rayClusters().inNamespace(NS).withName(cluster).get().getMetadata().getGeneration())
        .isEqualTo(2L);
    waitFor().until(() -> intStatus("observedGeneration") == 2);

    operator.scaleGroup(NS, cluster, "cpu", 9); // above maxReplicas 2
    waitFor().until(() -> intStatus("observedGeneration") == 3);
    assertThat(workerPods("cpu")).hasSize(2);

    operator.scaleGroup(NS, cluster, "cpu", 0); // below minReplicas 1
    waitFor().until(() -> workerPods("cpu").size() == 1 && intStatus("desiredWorkerReplicas") == 1);
    assertThatThrownBy(() -> operator.scaleGroup(NS, cluster, "gpu", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void deletesTheWorkersTheAutoscalerNames() {
    createCluster();
    operator.scaleGroup(NS, cluster, "cpu", 2);
    waitFor().until(() -> readyWorkers() == 2);
    List<Pod> workers = workerPods("cpu");
    String victim = workers.get(1).getMetadata().getName();
    String survivor = workers.get(0).getMetadata().getName();

    // What the Ray autoscaler writes to remove one specific idle worker.
    rayClusters()
        .inNamespace(NS)
        .withName(cluster)
        .edit(
            rayCluster -> {
              Map<String, Object> group =
                  (Map<String, Object>)
                      JsonMaps.list(
                              JsonMaps.object(rayCluster.getAdditionalProperties(), "spec"),
                              "workerGroupSpecs")
                          .get(0);
              group.put("replicas", 1);
              group.put("scaleStrategy", Map.of("workersToDelete", List.of(victim)));
              return rayCluster;
            });

    waitFor().until(() -> workerPods("cpu").size() == 1 && intStatus("desiredWorkerReplicas") == 1);
    assertThat(workerPods("cpu"))
        .extracting(pod -> pod.getMetadata().getName())
        .containsExactly(survivor);
  }

  @Test
  void replacesFailedWorkers() {
    createCluster();
    waitFor().until(() -> conditionIs("RayClusterProvisioned", "True"));
    String original = workerPods("cpu").get(0).getMetadata().getName();

    assertThat(operator.failWorkers(NS, cluster, "cpu", 5)).containsExactly(original);

    Pod failed = client.pods().inNamespace(NS).withName(original).get();
    assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
    waitFor().until(() -> readyWorkers() == 0);
    waitFor()
        .until(
            () ->
                readyWorkers() == 1
                    && workerPods("cpu").stream()
                        .noneMatch(pod -> pod.getMetadata().getName().equals(original)));
    assertThat(conditionIs("RayClusterProvisioned", "True")).isTrue();
  }

  @Test
  void suspendDeletesAllPodsAndResumeBringsThemBack() {
    createCluster();
    waitFor().until(() -> conditionIs("RayClusterProvisioned", "True"));
    List<GenericKubernetesResource> statusUpdates = new CopyOnWriteArrayList<>();
    try (Watch ignored = watchRayCluster(statusUpdates)) {

      setSuspend(true);

      waitFor().until(() -> conditionIs("RayClusterSuspended", "True"));
      assertThat(clusterPods()).isEmpty();
      assertThat(status().orElseThrow()).containsEntry("state", "suspended");
      assertThat(condition("RayClusterSuspending")).containsEntry("status", "False");
      assertThat(condition("RayClusterProvisioned")).containsEntry("status", "False");
      assertThat(condition("HeadPodReady")).containsEntry("reason", "HeadPodNotFound");
      assertThat(statusUpdates)
          .anySatisfy(
              update ->
                  assertThat(conditionStatus(update, "RayClusterSuspending")).isEqualTo("True"));
      // The head Service survives a suspend.
      assertThat(client.services().inNamespace(NS).withName(cluster + "-head-svc").get())
          .isNotNull();
    }

    setSuspend(false);

    waitFor().until(() -> conditionIs("RayClusterSuspended", "False"));
    waitFor().until(() -> conditionIs("RayClusterProvisioned", "True"));
    assertThat(clusterPods()).hasSize(2);
    assertThat(status().orElseThrow()).containsEntry("state", "ready");
  }

  @Test
  void deletingTheClusterDeletesItsPodsAndService() {
    createCluster();
    waitFor().until(() -> clusterPods().size() == 2);

    rayClusters().inNamespace(NS).withName(cluster).delete();

    waitFor().until(() -> clusterPods().isEmpty());
    waitFor()
        .until(
            () -> client.services().inNamespace(NS).withName(cluster + "-head-svc").get() == null);
  }

  @Test
  void aClusterRecreatedUnderTheSameNameGetsPodsOfItsOwn() {
    createCluster();
    waitFor().until(() -> clusterPods().size() == 2);

    // Deleted and created again before the simulator's next pass (a control plane's restart).
    rayClusters().inNamespace(NS).withName(cluster).delete();
    String newUid = createCluster().getMetadata().getUid();

    waitFor()
        .untilAsserted(
            () ->
                assertThat(clusterPods())
                    .hasSize(2)
                    .allSatisfy(
                        pod ->
                            assertThat(pod.getMetadata().getOwnerReferences())
                                .extracting(r -> r.getUid())
                                .containsExactly(newUid)));
  }

  @Test
  void podsOfAClusterDeletedWhilePausedGoOnResume() throws InterruptedException {
    createCluster();
    waitForSettled();
    waitForQuietApi();
    operator.pause();

    rayClusters().inNamespace(NS).withName(cluster).delete();
    waitFor().until(() -> !operator.caches(NS, cluster));
    Thread.sleep(500); // its informer's delete event reaches the paused loop, which skips it
    operator.resume();

    // No RayCluster event is left to act on (its delete came while paused): the resumed sweep
    // finds the pods and the head Service in its caches without an owner.
    waitFor().until(() -> clusterPods().isEmpty());
    waitFor()
        .until(
            () -> client.services().inNamespace(NS).withName(cluster + "-head-svc").get() == null);
  }

  @Test
  void aSettledClusterCostsTheApiNothingBetweenChanges() throws InterruptedException {
    createCluster();
    waitForSettled();
    // Which never came while each sweep listed from the API.
    waitForQuietApi();

    int before = api.server().getRequestCount();
    Thread.sleep(3_500); // three periodic sweeps and more
    int during = api.server().getRequestCount() - before;

    // Its sweeps read the caches of its informers: they listed RayClusters, pods and Services
    // from the API each second, every stored object scanned each time.
    assertThat(during).isLessThan(3);
  }

  @Test
  void recreatesAHeadServiceDeletedBySomeoneElse() {
    createCluster();
    waitForSettled();
    waitForQuietApi(); // nothing left that would reconcile it anyway

    client.services().inNamespace(NS).withName(cluster + "-head-svc").delete();

    // No RayCluster or pod event follows: the sweep's fingerprint of its Services changes.
    waitFor()
        .until(
            () -> client.services().inNamespace(NS).withName(cluster + "-head-svc").get() != null);
  }

  @Test
  void doesNothingWhilePaused() throws InterruptedException {
    operator.pause();
    createCluster();

    Thread.sleep(700); // longer than the periodic tick and every delay
    assertThat(clusterPods()).isEmpty();
    assertThat(status()).isEmpty();

    operator.resume();
    waitFor().until(() -> conditionIs("RayClusterProvisioned", "True"));
  }

  @Test
  void writesEventsAboutTheRayCluster() {
    GenericKubernetesResource created = createCluster();

    Event event =
        operator.emitEvent(
            NS, cluster, "InvalidRayClusterSpec", "headGroupSpec is missing", "Warning");

    assertThat(event.getInvolvedObject().getKind()).isEqualTo("RayCluster");
    assertThat(event.getInvolvedObject().getName()).isEqualTo(cluster);
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(events())
        .anySatisfy(
            stored -> {
              assertThat(stored.getReason()).isEqualTo("InvalidRayClusterSpec");
              assertThat(stored.getType()).isEqualTo("Warning");
              assertThat(stored.getMessage()).isEqualTo("headGroupSpec is missing");
            });
  }

  @Test
  void rejectsASpecWithoutHeadContainersWithAWarningEvent() {
    GenericKubernetesResource rayCluster = loadSample();
    JsonMaps.object(JsonMaps.object(rayCluster.getAdditionalProperties(), "spec"), "headGroupSpec")
        .remove("template");
    rayClusters().inNamespace(NS).resource(rayCluster).create();

    waitFor()
        .until(
            () ->
                events().stream()
                    .anyMatch(
                        event ->
                            "InvalidRayClusterSpec".equals(event.getReason())
                                && "Warning".equals(event.getType())));
    assertThat(clusterPods()).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  /** Ready, with no timed step left (the head's Jupyter container is the last). */
  private void waitForSettled() {
    waitFor().until(() -> "ready".equals(status().map(s -> s.get("state")).orElse(null)));
    waitFor().until(() -> containerReady(headPod().orElseThrow(), "jupyter"));
  }

  /**
   * 2.5 s (two sweeps or more) in which the mock API receives no request: earlier tests' clusters
   * may still be collected, and a last status write requeues (seen by a sweep up to a tick later).
   */
  private static void waitForQuietApi() {
    QuietApi.waitFor(api, Duration.ofMillis(2_500));
  }

  private static ConditionFactory waitFor() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      rayClusters() {
    return client.genericKubernetesResources("ray.io/v1", "RayCluster");
  }

  private GenericKubernetesResource loadSample() {
    try (InputStream in = getClass().getResourceAsStream("/raycluster-sample.yaml")) {
      GenericKubernetesResource rayCluster =
          client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
      rayCluster.getMetadata().setName(cluster);
      return rayCluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GenericKubernetesResource createCluster() {
    return rayClusters().inNamespace(NS).resource(loadSample()).create();
  }

  private void setSuspend(boolean suspend) {
    rayClusters()
        .inNamespace(NS)
        .withName(cluster)
        .edit(
            rayCluster -> {
              JsonMaps.object(rayCluster.getAdditionalProperties(), "spec").put("suspend", suspend);
              return rayCluster;
            });
  }

  private Optional<Map<String, Object>> status() {
    GenericKubernetesResource rayCluster = rayClusters().inNamespace(NS).withName(cluster).get();
    return Optional.ofNullable(
        rayCluster == null
            ? null
            : JsonMaps.object(rayCluster.getAdditionalProperties(), "status"));
  }

  private Map<String, Object> condition(String type) {
    return Conditions.from(status().orElse(Map.of())).find(type).orElse(Map.of());
  }

  private boolean conditionIs(String type, String expected) {
    return expected.equals(condition(type).get("status"));
  }

  private static String conditionStatus(GenericKubernetesResource rayCluster, String type) {
    Map<String, Object> status = JsonMaps.object(rayCluster.getAdditionalProperties(), "status");
    return Conditions.from(status)
        .find(type)
        .map(c -> String.valueOf(c.get("status")))
        .orElse(null);
  }

  private int intStatus(String field) {
    Integer value = JsonMaps.integer(status().orElse(Map.of()), field);
    return value == null ? -1 : value;
  }

  private int readyWorkers() {
    return intStatus("readyWorkerReplicas");
  }

  private List<Pod> clusterPods() {
    return client.pods().inNamespace(NS).withLabel("ray.io/cluster", cluster).list().getItems();
  }

  private Optional<Pod> headPod() {
    return clusterPods().stream()
        .filter(pod -> "head".equals(pod.getMetadata().getLabels().get("ray.io/node-type")))
        .findFirst();
  }

  private List<Pod> workerPods(String group) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel("ray.io/cluster", cluster)
        .withLabel("ray.io/group", group)
        .list()
        .getItems();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(event -> cluster.equals(event.getInvolvedObject().getName()))
        .toList();
  }

  private static boolean containerReady(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return false;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(status -> container.equals(status.getName()))
        .anyMatch(ContainerStatus::getReady);
  }

  private Watch watchPods(List<Pod> sink) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel("ray.io/cluster", cluster)
        .watch(new CollectingWatcher<>(sink));
  }

  private Watch watchRayCluster(List<GenericKubernetesResource> sink) {
    return rayClusters().inNamespace(NS).withName(cluster).watch(new CollectingWatcher<>(sink));
  }

  private record CollectingWatcher<T>(List<T> sink) implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      if (action == Action.MODIFIED || action == Action.ADDED) {
        sink.add(resource);
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
