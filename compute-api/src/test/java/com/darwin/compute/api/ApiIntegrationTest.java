package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.ComputeApplication;
import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.sandbox.MockKubernetesApi;
import com.darwin.compute.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the end-to-end tests: the real application on a random port, over the sandbox (real
 * MariaDB, real Elasticsearch, mock Kubernetes API, simulated KubeRay operator).
 */
@SpringBootTest(
    classes = ComputeApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ApiIntegrationTest {

  @LocalServerPort protected int port;
  @Autowired protected Sandbox sandbox;
  protected Api api;

  @BeforeEach
  void connect() {
    api = new Api(port);
  }

  protected static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }

  /** Creates a cluster from a JSON body, as the user it names (its owner), and returns its id. */
  protected String create(String json) {
    java.util.regex.Matcher user =
        java.util.regex.Pattern.compile("\"user\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    Api.Response created =
        api.post("/cluster", json, user.find() ? Api.as(user.group(1)) : Api.USER);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    assertThat(created.body().get("status").asString()).isEqualTo("SUCCESS");
    return created.data().get("cluster_id").asString();
  }

  /** Creates the Quick Start cluster without starting it, named from {@code prefix}. */
  protected String createStopped(String prefix) {
    return create(ClusterRequests.stoppedQuickStart(unique(prefix)));
  }

  protected String status(String clusterId) {
    return api.get("/cluster/" + clusterId + "/metadata").data().get("status").asString();
  }

  /** The types of a cluster's events, oldest first (its whole log in a test). */
  protected List<String> eventTypes(String clusterId) {
    return api.get("/cluster/" + clusterId + "/events?order=asc&page_size=500")
        .data()
        .get("events")
        .valueStream()
        .map(e -> e.get("type").asString())
        .toList();
  }

  protected void awaitStatus(String clusterId, String expected) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(status(clusterId)).isEqualTo(expected));
  }

  /** The cluster's RayCluster in the sandbox's default target, or null. */
  protected GenericKubernetesResource rayCluster(String clusterId) {
    return RayClusterKind.in(sandbox.kubernetes().client())
        .inNamespace(MockKubernetesApi.NAMESPACE)
        .withName(ResourceNames.rayCluster(clusterId))
        .get();
  }

  /**
   * Edits the Quick Start cluster's worker group to {@code maxPods} (a count only: applied in
   * place, no restart), as its owner.
   */
  protected void editMaxPodsInPlace(String clusterId, int maxPods) {
    String edited =
        ClusterRequests.quickStart(api.get("/cluster/" + clusterId).data().get("name").asString())
            .replace("\"max_pods\": 2", "\"max_pods\": " + maxPods);
    Api.Response update = api.put("/cluster/" + clusterId, edited, Api.USER);
    assertThat(update.status()).as(update.raw()).isEqualTo(200);
    assertThat(update.data().get("outcome").asString()).isEqualTo("applied_in_place");
  }

  /** The first worker group's {@code maxReplicas} on the cluster's live RayCluster. */
  @SuppressWarnings("unchecked")
  protected Object workerMaxReplicas(String clusterId) {
    var spec = (Map<String, Object>) rayCluster(clusterId).getAdditionalProperties().get("spec");
    return ((List<Map<String, Object>>) spec.get("workerGroupSpecs")).get(0).get("maxReplicas");
  }

  /** A Deployment in the sandbox's namespace, as the mock Kubernetes API has it, or null. */
  protected Deployment deployment(String name) {
    return deploymentNamed(name).get();
  }

  /** Adds (or replaces) annotations of a Deployment, as someone with kubectl would. */
  protected void annotateDeployment(String name, Map<String, String> annotations) {
    deploymentNamed(name)
        .edit(
            d -> {
              d.getMetadata().getAnnotations().putAll(annotations);
              return d;
            });
  }

  private io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> deploymentNamed(
      String name) {
    return sandbox
        .kubernetes()
        .client()
        .apps()
        .deployments()
        .inNamespace(MockKubernetesApi.NAMESPACE)
        .withName(name);
  }

  /** Whether the mock Kubernetes API has a Service of that name in the sandbox's namespace. */
  protected boolean serviceExists(String name) {
    return sandbox
            .kubernetes()
            .client()
            .services()
            .inNamespace(MockKubernetesApi.NAMESPACE)
            .withName(name)
            .get()
        != null;
  }
}
