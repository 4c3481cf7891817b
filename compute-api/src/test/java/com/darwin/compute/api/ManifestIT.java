package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterRepository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rendered manifests end to end: the sandbox's simulated operator makes pods from the rendered
 * templates, so GPU scheduling and workspace mounts are checked on real pod objects in the mock
 * Kubernetes API; the preview and the applied-manifest endpoints over HTTP.
 */
class ManifestIT extends ApiIntegrationTest {

  private static final String T4 =
      """
      {"name": "NVIDIA T4", "cores": 6, "memory": 26, "gpu_count": 1, "g_ram_memory": 16,
       "g_ram_type": "GDDR6"}""";

  @Autowired ClusterRepository clusters;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  /** A plain HTTP exchange with an Accept header; the body is not assumed to be JSON. */
  private record Raw(int status, String contentType, String body) {}

  private Raw send(String method, String path, String body, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("msd-user", Api.USER)
            .timeout(Duration.ofSeconds(30));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Raw(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private KubernetesClient kube() {
    return sandbox.kubernetes().client();
  }

  private List<Pod> pods(String clusterId, String nodeType) {
    return kube()
        .pods()
        .inNamespace("ray")
        .withLabel("ray.io/cluster", clusterId + "-kuberay")
        .withLabel("ray.io/node-type", nodeType)
        .list()
        .getItems();
  }

  private static Container ray(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  private static String workspaceClaim(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("workspace"))
        .map(v -> v.getPersistentVolumeClaim().getClaimName())
        .findFirst()
        .orElse(null);
  }

  private static boolean mountsWorkspace(Pod pod) {
    return ray(pod).getVolumeMounts().stream()
        .anyMatch(m -> m.getName().equals("workspace") && m.getMountPath().equals("/home/ray/fsx"));
  }

  private static String gpuCluster(String name) {
    return """
        {
          "cluster_name": "%s", "tags": ["gpu"], "runtime": "0.0", "inactive_time": 30,
          "head_node_config": {"cores": 4, "memory": 8},
          "worker_node_configs": [
            {"min_pods": 1, "max_pods": 1, "node_type": "gpu", "node_capacity_type": "spot",
             "gpu_pod": %s}
          ],
          "user": "user@example.com"
        }
        """
        .formatted(name, T4);
  }

  private static String sharedWorkspaceCluster(String name) {
    return """
        {
          "cluster_name": "%s", "tags": ["shared"], "runtime": "0.0", "inactive_time": 30,
          "labels": {"workspace": "shared"},
          "head_node_config": {"cores": 4, "memory": 8},
          "worker_node_configs": [
            {"cores_per_pods": 2, "memory_per_pods": 4, "min_pods": 1, "max_pods": 1},
            {"cores_per_pods": 1, "memory_per_pods": 2, "min_pods": 1, "max_pods": 2,
             "node_capacity_type": "spot"}
          ],
          "user": "user@example.com"
        }
        """
        .formatted(name);
  }

  @Test
  void gpuWorkersComeUpOnGpuNodesWithTheirGpu() {
    String id = create(gpuCluster(unique("gpu-workers")));
    awaitStatus(id, "active");

    List<Pod> workers = pods(id, "worker");
    assertThat(workers).hasSize(1);
    Pod worker = workers.get(0);
    assertThat(ray(worker).getResources().getLimits().get("nvidia.com/gpu").toString())
        .isEqualTo("1");
    assertThat(ray(worker).getResources().getLimits().get("cpu").toString()).isEqualTo("6");
    assertThat(worker.getSpec().getTolerations())
        .extracting(Toleration::getKey)
        .contains("nvidia.com/gpu", "darwin.io/spot");
    assertThat(worker.getSpec().getNodeSelector())
        .containsEntry("karpenter.k8s.aws/instance-family", "g4dn")
        .containsEntry("karpenter.sh/capacity-type", "spot");

    Pod head = pods(id, "head").get(0);
    assertThat(ray(head).getName()).isEqualTo("ray-head");
    assertThat(ray(head).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(head.getSpec().getNodeSelector())
        .containsEntry("karpenter.sh/capacity-type", "on-demand");
    assertThat(head.getSpec().getServiceAccountName()).isEqualTo("darwin-ds-role");
    // The head Service exposes what KubeRay needs, named as it expects.
    assertThat(ray(head).getPorts())
        .extracting(p -> p.getName())
        .contains("gcs-server", "dashboard", "client");
    @SuppressWarnings("unchecked")
    var params =
        (java.util.Map<String, Object>)
            ((java.util.Map<String, Object>)
                    ((java.util.Map<String, Object>)
                            rayCluster(id).getAdditionalProperties().get("spec"))
                        .get("headGroupSpec"))
                .get("rayStartParams");
    assertThat(params).containsEntry("num-gpus", "0");
  }

  @Test
  void aRunningClusterGivenToAnotherOwnerRestartsOntoTheNewOwnersWorkspace() {
    String id = create(sharedWorkspaceCluster(unique("handed-ws")));
    awaitStatus(id, "active");
    String before = workspaceClaim(pods(id, "head").get(0));
    assertThat(before).startsWith("workspace-user-user-example-com-");

    Api.Response given =
        api.put(
            "/cluster/user/" + id,
            "{\"cluster_user\": \"bob@example.com\"}",
            Api.as("admin@example.com"));
    assertThat(given.status()).as(given.raw()).isEqualTo(200);

    // No pod of the previous owner's workspace is left beside those of the new owner's.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<Pod> all = new java.util.ArrayList<>(pods(id, "head"));
              all.addAll(pods(id, "worker"));
              assertThat(all).hasSize(3);
              assertThat(all)
                  .allSatisfy(
                      p ->
                          assertThat(workspaceClaim(p))
                              .as(p.getMetadata().getName())
                              .startsWith("workspace-user-bob-example-com-"));
            });
    awaitStatus(id, "active");
    assertThat(
            api.get("/cluster/" + id + "/events?types=CLUSTER_RESTART_REQUEST_RECEIVED")
                .data()
                .get("events")
                .get(0)
                .get("message")
                .asString())
        .isEqualTo(
            "Cluster restarted as it was given to bob@example.com, so that every pod mounts the"
                + " new owner's workspace");
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.as("bob@example.com")).status())
        .isEqualTo(202);
  }

  @Test
  void theSharedWorkspaceIsMountedOnEveryPodAndOutlivesTheCluster() {
    String id = create(sharedWorkspaceCluster(unique("shared-ws")));
    awaitStatus(id, "active");

    Pod head = pods(id, "head").get(0);
    List<Pod> workers = pods(id, "worker");
    assertThat(workers).hasSize(2);
    String claim = workspaceClaim(head);
    assertThat(claim).startsWith("workspace-user-user-example-com-");
    assertThat(mountsWorkspace(head)).isTrue();
    for (Pod worker : workers) {
      assertThat(workspaceClaim(worker)).as(worker.getMetadata().getName()).isEqualTo(claim);
      assertThat(mountsWorkspace(worker)).as(worker.getMetadata().getName()).isTrue();
    }
    // The claim exists, is the control plane's, and belongs to no cluster.
    PersistentVolumeClaim pvc =
        kube().persistentVolumeClaims().inNamespace("ray").withName(claim).get();
    assertThat(pvc).isNotNull();
    assertThat(pvc.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");

    // ConfigMaps are owned by the RayCluster (garbage-collected with it).
    String uid = rayCluster(id).getMetadata().getUid();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              ConfigMap spark =
                  kube()
                      .configMaps()
                      .inNamespace("ray")
                      .withName(ResourceNames.sparkConfigMap(id))
                      .get();
              assertThat(spark.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/managed-by", "darwin-compute")
                  .containsEntry("darwin.io/cluster-id", id);
              assertThat(spark.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
            });

    // Stopping deletes the cluster, never the workspace.
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> rayCluster(id) == null);
    assertThat(kube().persistentVolumeClaims().inNamespace("ray").withName(claim).get())
        .isNotNull();
  }

  @Test
  void withoutTheSharedLabelTheWorkspaceIsOnTheHeadOnly() {
    String id = create(ClusterRequests.quickStart(unique("head-ws")));
    awaitStatus(id, "active");
    assertThat(mountsWorkspace(pods(id, "head").get(0))).isTrue();
    assertThat(pods(id, "worker"))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(workspaceClaim(w)).isNull();
              assertThat(w.getSpec().getVolumes())
                  .extracting(Volume::getName)
                  .doesNotContain("workspace");
            });
  }

  @Test
  void previewReturnsEveryObjectAsYamlAndCreatesNothing() {
    long clustersBefore = clusters.count();
    List<String> rayClustersBefore = rayClusterNames();

    Raw preview = send("POST", "/cluster/manifest", gpuCluster(unique("preview")), null);

    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    assertThat(preview.contentType()).startsWith("application/yaml");
    List<HasMetadata> objects =
        kube()
            .load(new ByteArrayInputStream(preview.body().getBytes(StandardCharsets.UTF_8)))
            .items();
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("PersistentVolumeClaim", "ConfigMap", "NetworkPolicy", "RayCluster");
    assertThat(objects.get(3).getMetadata().getName())
        .isEqualTo(ResourceNames.PREVIEW_CLUSTER_ID + "-kuberay");
    assertThat(preview.body()).contains("nvidia.com/gpu").contains("g4dn");

    // Nothing was stored or applied.
    assertThat(clusters.count()).isEqualTo(clustersBefore);
    // No RayCluster that was not there before (a stop that an earlier class left pending in this
    // JVM may still remove one meanwhile).
    assertThat(rayClusterNames())
        .allMatch(rayClustersBefore::contains)
        .noneMatch(name -> name.startsWith(ResourceNames.PREVIEW_CLUSTER_ID));
    assertThat(
            kube()
                .configMaps()
                .inNamespace("ray")
                .withName(ResourceNames.sparkConfigMap(ResourceNames.PREVIEW_CLUSTER_ID))
                .get())
        .isNull();
  }

  @Test
  void previewAnswersJsonInTheEnvelopeWhenAskedTo() {
    Raw preview =
        send(
            "POST",
            "/cluster/manifest",
            sharedWorkspaceCluster(unique("preview-json")),
            "application/json");
    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    assertThat(preview.contentType()).startsWith("application/json");
    JsonNode body = json.readTree(preview.body());
    assertThat(body.get("status").asString()).isEqualTo("SUCCESS");
    List<String> kinds = body.get("data").valueStream().map(o -> o.get("kind").asString()).toList();
    assertThat(kinds)
        .containsExactly("PersistentVolumeClaim", "ConfigMap", "NetworkPolicy", "RayCluster");
    JsonNode rc = body.get("data").get(3);
    JsonNode workers = rc.get("spec").get("workerGroupSpecs");
    assertThat(workers).hasSize(2);
    // Autoscaling (second group 1..2): replicas left to the autoscaler.
    assertThat(rc.get("spec").get("enableInTreeAutoscaling").asBoolean()).isTrue();
    assertThat(workers.get(0).has("replicas")).isFalse();
    // A quantity is a string, as in Kubernetes, not an object.
    assertThat(
            workers
                .get(0)
                .get("template")
                .get("spec")
                .get("containers")
                .get(0)
                .get("resources")
                .get("limits")
                .get("memory")
                .asString())
        .isEqualTo("4Gi");
  }

  @Test
  void previewOfABadRequestIsA400LikeCreate() {
    String bad =
        ClusterRequests.quickStart(unique("bad-preview"))
            .replace("\"min_pods\": 1", "\"min_pods\": 3");
    for (String accept : new String[] {null, "application/yaml", "application/json"}) {
      Raw response = send("POST", "/cluster/manifest", bad, accept);
      assertThat(response.status()).as(accept + ": " + response.body()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/json");
      JsonNode body = json.readTree(response.body());
      assertThat(body.get("status").asString()).isEqualTo("ERROR");
      assertThat(body.get("data").get("errors").valueStream().map(e -> e.get("field").asString()))
          .contains("worker_node_configs[0].min_pods");
    }
    Raw missing = send("POST", "/cluster/manifest", "{\"cluster_name\": \"x\"}", null);
    assertThat(missing.status()).isEqualTo(400);
  }

  @Test
  void anInitScriptTooLargeToRunIsRejectedWithTheAlternatives() {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      script.append("pip install package-").append(i).append("\\n");
    }
    String body =
        ClusterRequests.quickStart(unique("long-init"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"advance_config\": {\"init_script\": \""
                    + script
                    + "\"},"
                    + " \"user\": \"user@example.com\"");
    long before = clusters.count();
    for (String path : List.of("/cluster/manifest", "/cluster")) {
      Raw response = send("POST", path, body, "application/json");
      assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(400);
      JsonNode error = json.readTree(response.body());
      JsonNode first = error.get("data").get("errors").get(0);
      assertThat(first.get("field").asString()).isEqualTo("advance_config.init_script");
      assertThat(first.get("message").asString())
          .contains("too large to run")
          .contains("library installation API")
          .contains("custom runtime");
      assertThat(error.get("message").asString()).contains("init_script");
    }
    assertThat(clusters.count()).isEqualTo(before);

    // A short one is fine and is run before Ray starts.
    String ok = body.replace(script.toString(), "pip install pandas\\necho ready");
    Raw preview = send("POST", "/cluster/manifest", ok, null);
    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    assertThat(preview.body()).contains("run-init.sh").contains("pip install pandas");
  }

  @Test
  void theAppliedManifestIsWhatTheClusterRunsWith() {
    String id = create(gpuCluster(unique("applied")));
    await().atMost(Duration.ofSeconds(60)).until(() -> rayCluster(id) != null);
    GenericKubernetesResource live = rayCluster(id);

    Raw manifest = send("GET", "/cluster/" + id + "/manifest", null, null);
    assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
    List<HasMetadata> objects =
        kube()
            .load(new ByteArrayInputStream(manifest.body().getBytes(StandardCharsets.UTF_8)))
            .items();
    HasMetadata rc =
        objects.stream().filter(o -> o.getKind().equals("RayCluster")).findFirst().orElseThrow();
    assertThat(rc.getMetadata().getName()).isEqualTo(id + "-kuberay");
    // The same spec hash as the live object: this is exactly what was applied.
    assertThat(rc.getMetadata().getAnnotations().get(ResourceNames.SPEC_HASH_ANNOTATION))
        .isEqualTo(live.getMetadata().getAnnotations().get(ResourceNames.SPEC_HASH_ANNOTATION));

    Raw asJson = send("GET", "/cluster/" + id + "/manifest", null, "application/json");
    assertThat(asJson.status()).isEqualTo(200);
    assertThat(json.readTree(asJson.body()).get("data")).hasSize(objects.size());

    assertThat(send("GET", "/cluster/id-nosuchcluster2345/manifest", null, null).status())
        .isEqualTo(404);
  }

  private List<String> rayClusterNames() {
    return RayClusterKind.in(kube()).inNamespace("ray").list().getItems().stream()
        .map(rc -> rc.getMetadata().getName())
        .toList();
  }
}
