package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the simulator against its own mock API server and simulated Jupyter servers. */
class SimulatedDeploymentControllerTest {

  private static final String NS = "ray";
  private static final Duration READY_DELAY = Duration.ofMillis(300);
  private static final AtomicInteger NUMBER = new AtomicInteger();

  private static MockKubernetesApi api;
  private static SimulatedJupyterServers servers;
  private static SimulatedDeploymentController controller;
  private static KubernetesClient client;

  private String name;

  @BeforeAll
  static void startApiAndController() {
    api = MockKubernetesApi.start();
    servers = SimulatedJupyterServers.start();
    controller = new SimulatedDeploymentController(api.newClient(), servers, () -> READY_DELAY);
    controller.start();
    client = api.newClient();
  }

  @AfterAll
  static void stopEverything() {
    client.close();
    controller.close();
    servers.close();
    api.close();
  }

  @BeforeEach
  void nameTheJupyterPod() {
    name = "jup-" + NUMBER.incrementAndGet();
  }

  @AfterEach
  void deleteTheDeployment() {
    client.apps().deployments().inNamespace(NS).withName(name).delete();
  }

  @Test
  void runsOnePodOwnedByTheDeploymentThatBecomesReadyWhenItsServerAnswers() {
    Deployment deployment = createDeployment("0");

    Pod pod = waitFor().until(this::pods, pods -> pods.size() == 1).get(0);
    assertThat(pod.getMetadata().getName()).matches(name + "-[0-9a-f]{10}-[a-z0-9]+");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("darwin.io/jupyter-pod", name)
        .containsKey("pod-template-hash");
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("Deployment");
              assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid());
            });

    Pod ready = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    assertThat(ready.getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
    assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
    assertThat(servers.podOf(name)).isEqualTo(pod.getMetadata().getName());
  }

  @Test
  void aSettledJupyterPodCostsTheApiNothingBetweenChanges() throws InterruptedException {
    createDeployment("0");
    waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    waitForQuietApi();

    int before = api.server().getRequestCount();
    Thread.sleep(2_000); // four ticks of the readiness probe
    int during = api.server().getRequestCount() - before;

    // The tick used to read every Deployment and list its pods from the API.
    assertThat(during).isZero();
  }

  @Test
  void aServerThatStopsAnsweringMakesItsPodUnreadyWithoutAnyEvent() {
    createDeployment("0");
    Pod pod = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    waitForQuietApi();

    servers.stopAnswering(name);

    Pod unready = waitFor().until(this::onlyPod, p -> "False".equals(ready(p)));
    assertThat(unready.getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
    assertThat(unready.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aPodDeletedBySomeoneElseIsReplaced() {
    createDeployment("0");
    Pod first = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    waitForQuietApi();

    client.pods().inNamespace(NS).withName(first.getMetadata().getName()).delete();

    Pod second = waitForReadyReplacementOf(first);
    assertThat(servers.podOf(name)).isEqualTo(second.getMetadata().getName());
  }

  @Test
  void theServerOfAPodDeletedJustBeforeItsDeploymentStops() {
    createDeployment("0");
    Pod pod = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    assertThat(servers.isServing(name)).isTrue();

    // What the reconcile sees after a pod delete that timed out once made: no Deployment, no pod.
    client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
    client.apps().deployments().inNamespace(NS).withName(name).delete();

    waitFor().until(() -> servers.isServing(name), serving -> !serving);
    waitFor().until(this::pods, List::isEmpty);
    assertThat(servers.isServing(name)).isFalse();
  }

  @Test
  void theServerOfADeletedPodStopsWhileItsReplacementStarts() {
    MockKubernetesApi ownApi = MockKubernetesApi.start();
    SimulatedJupyterServers ownServers = SimulatedJupyterServers.start();
    AtomicReference<Duration> readyDelay = new AtomicReference<>(Duration.ZERO);
    SimulatedDeploymentController slowToStart =
        new SimulatedDeploymentController(ownApi.newClient(), ownServers, readyDelay::get);
    slowToStart.start();
    try (KubernetesClient ownClient = ownApi.newClient()) {
      ownClient.apps().deployments().inNamespace(NS).resource(deployment()).create();
      Pod first = waitFor().until(() -> onlyPod(slowToStart), p -> "True".equals(ready(p)));
      assertThat(ownServers.podOf(name)).isEqualTo(first.getMetadata().getName());

      // The next pod takes an hour to start: meanwhile, nothing serves.
      readyDelay.set(Duration.ofHours(1));
      ownClient.pods().inNamespace(NS).withName(first.getMetadata().getName()).delete();

      Pod second =
          waitFor()
              .until(
                  () -> onlyPod(slowToStart),
                  p ->
                      p != null
                          && !p.getMetadata().getName().equals(first.getMetadata().getName()));
      waitFor().until(() -> ownServers.isServing(name), serving -> !serving);
      Pod starting = onlyPod(slowToStart);
      assertThat(starting.getMetadata().getName()).isEqualTo(second.getMetadata().getName());
      assertThat(ready(starting)).isNotEqualTo("True");
    } finally {
      slowToStart.close();
      ownServers.close();
      ownApi.close();
    }
  }

  @Test
  void aNewPodTemplateRecreatesThePod() {
    createDeployment("0");
    Pod first = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));

    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(name)
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations()
                  .put("darwin.io/restart-generation", "1");
              return d;
            });

    Pod second = waitForReadyReplacementOf(first);
    assertThat(second.getMetadata().getLabels().get("pod-template-hash"))
        .isNotEqualTo(first.getMetadata().getLabels().get("pod-template-hash"));
    assertThat(pods()).hasSize(1);
    // The tick hashes the new template too, or it would take the new pod for an old one forever.
    waitForQuietApi();
  }

  @Test
  void aPodStatusOverwrittenBySomeoneElseIsRestoredByTheProbe() {
    createDeployment("0");
    Pod pod = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    waitForQuietApi();

    pod.getStatus().getConditions().forEach(c -> c.setStatus("False"));
    client.pods().inNamespace(NS).resource(pod).updateStatus();

    Pod restored = waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    assertThat(restored.getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
  }

  @Test
  void aFailedPodStaysFailedAndIsNotReplaced() {
    createDeployment("0");
    waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));

    String failedPod = controller.failPod(NS, name);
    waitForQuietApi();

    Pod pod = onlyPod();
    assertThat(pod.getMetadata().getName()).isEqualTo(failedPod);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(ready(pod)).isEqualTo("False");
    assertThat(servers.isServing(name)).isFalse();
  }

  @Test
  void oneBrokenDeploymentDoesNotEndTheProbeOfTheOthers() throws InterruptedException {
    createDeployment("0");
    waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));
    String healthy = name;
    nameTheJupyterPod();
    String broken = name;
    createDeployment("0");
    waitFor().until(this::onlyPod, p -> "True".equals(ready(p)));

    // The mock API takes a Deployment without a spec, which the tick cannot hash.
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(broken)
        .edit(
            d -> {
              d.setSpec(null);
              return d;
            });
    try {
      Thread.sleep(1_000); // two ticks meet it before the healthy one has anything to probe
      servers.stopAnswering(healthy);

      name = healthy;
      waitFor().until(this::onlyPod, p -> "False".equals(ready(p)));
    } finally {
      client.apps().deployments().inNamespace(NS).withName(broken).delete();
    }
  }

  @Test
  void aDeletedPodIsReplacedWithoutWaitingForATick() {
    MockKubernetesApi ownApi = MockKubernetesApi.start();
    SimulatedJupyterServers ownServers = SimulatedJupyterServers.start();
    SimulatedDeploymentController slow =
        new SimulatedDeploymentController(
            ownApi.newClient(), ownServers, () -> Duration.ZERO, Duration.ofHours(1));
    slow.start();
    try (KubernetesClient ownClient = ownApi.newClient()) {
      ownClient.apps().deployments().inNamespace(NS).resource(deployment()).create();
      Pod first = waitFor().until(() -> onlyPod(slow), p -> "True".equals(ready(p)));

      ownClient.pods().inNamespace(NS).withName(first.getMetadata().getName()).delete();

      // Its tick is an hour away: the pod informer's delete event did it.
      waitFor()
          .until(
              () -> onlyPod(slow),
              p -> p != null && !p.getMetadata().getName().equals(first.getMetadata().getName()));
    } finally {
      slow.close();
      ownServers.close();
      ownApi.close();
    }
  }

  private Deployment createDeployment(String restartGeneration) {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(deployment(restartGeneration))
        .create();
  }

  private Deployment deployment() {
    return deployment("0");
  }

  private Deployment deployment(String restartGeneration) {
    Map<String, String> labels =
        Map.of("app.kubernetes.io/component", "jupyter-pod", "darwin.io/jupyter-pod", name);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("darwin.io/jupyter-pod", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .addToAnnotations("darwin.io/restart-generation", restartGeneration)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("jupyter")
        .withImage("darwin-runtime:test")
        .withCommand(
            "jupyter",
            "lab",
            "--ServerApp.base_url=/eks-0/" + name + "-jupyter",
            "--IdentityProvider.token=")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The pod that replaces {@code first}, once it is the only one and Ready. */
  private Pod waitForReadyReplacementOf(Pod first) {
    return waitFor()
        .until(
            this::onlyPod,
            p ->
                p != null
                    && !p.getMetadata().getName().equals(first.getMetadata().getName())
                    && "True".equals(ready(p)));
  }

  private List<Pod> pods() {
    return controller.podsOf(NS, name);
  }

  private Pod onlyPod() {
    return onlyPod(controller);
  }

  private Pod onlyPod(SimulatedDeploymentController of) {
    List<Pod> pods = of.podsOf(NS, name);
    return pods.size() == 1 ? pods.get(0) : null;
  }

  private static String ready(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(PodCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  /** 2 s (four ticks) in which the mock API receives no request. */
  private static void waitForQuietApi() {
    QuietApi.waitFor(api, Duration.ofSeconds(2));
  }

  private static ConditionFactory waitFor() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
  }
}
