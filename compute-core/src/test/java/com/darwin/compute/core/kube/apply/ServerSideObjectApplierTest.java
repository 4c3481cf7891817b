package com.darwin.compute.core.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import com.darwin.compute.core.kube.KubernetesTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server-side apply request of the one applier (the CRUD mock server does not implement it, so
 * the request is checked in expectation mode).
 */
@EnableKubernetesMockClient
class ServerSideObjectApplierTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void appliesWithTheFieldManagerAndForceAndStampsTheHash() throws Exception {
    ConfigMap desired =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("scripts")
            .withNamespace("ray")
            .endMetadata()
            .withData(Map.of("init.sh", "echo"))
            .build();
    server
        .expect()
        .patch()
        .withPath(
            "/api/v1/namespaces/ray/configmaps/scripts?fieldManager=darwin-compute&force=true")
        .andReturn(200, desired)
        .once();

    ApplyResult result =
        new ObjectApplier(ApplyMode.SERVER_SIDE, "darwin-compute")
            .apply(
                new KubernetesTarget("default", client, "ray"),
                ObjectKind.CONFIG_MAP,
                desired,
                null);

    assertThat(result).isEqualTo(ApplyResult.CREATED);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getBody().readUtf8()).contains("darwin.io/spec-hash");
  }

  /**
   * KubeRay's {@code workerGroupSpecs} is an atomic list: a forced apply replaces it whole, so the
   * autoscaler's worker count and its workers to delete are sent with it, as the live object has
   * them; a count the render sets (autoscaler off) is the render's.
   */
  @Test
  void anApplyOverALiveRayClusterKeepsTheAutoscalersCounts() throws Exception {
    GenericKubernetesResource live = rayCluster(null);
    Map<String, Object> liveGroup = workerGroup(live);
    liveGroup.put("replicas", 4);
    liveGroup.put("scaleStrategy", Map.of("workersToDelete", List.of("c-wg-0-worker-abcde")));
    live.getMetadata().setResourceVersion("41");
    GenericKubernetesResource desired = rayCluster(null);
    GenericKubernetesResource rendered = rayCluster(2);
    // Read just before the apply: the informer's copy (stale here) is not what is carried over.
    GenericKubernetesResource stale = rayCluster(null);
    workerGroup(stale).put("replicas", 1);
    server
        .expect()
        .get()
        .withPath("/apis/ray.io/v1/namespaces/ray/rayclusters/c")
        .andReturn(200, live)
        .times(2);
    server
        .expect()
        .patch()
        .withPath(
            "/apis/ray.io/v1/namespaces/ray/rayclusters/c?fieldManager=darwin-compute&force=true")
        .andReturn(200, live)
        .times(2);
    ObjectApplier applier = new ObjectApplier(ApplyMode.SERVER_SIDE, "darwin-compute");
    KubernetesTarget target = new KubernetesTarget("default", client, "ray");

    applier.apply(target, ObjectKind.RAY_CLUSTER, desired, stale);
    Map<String, Object> sent = workerGroup(sentRayCluster());
    assertThat(sent)
        .containsEntry("replicas", 4)
        .containsEntry("minReplicas", 1)
        .containsEntry("maxReplicas", 8)
        .containsKey("scaleStrategy");
    assertThat(sent.get("scaleStrategy").toString()).contains("c-wg-0-worker-abcde");

    applier.apply(target, ObjectKind.RAY_CLUSTER, rendered, stale);
    assertThat(workerGroup(sentRayCluster()))
        .containsEntry("replicas", 2)
        .doesNotContainKey("scaleStrategy");
  }

  private GenericKubernetesResource sentRayCluster() throws Exception {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    while (request != null && "GET".equals(request.getMethod())) {
      request = server.takeRequest(5, TimeUnit.SECONDS);
    }
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    return Serialization.unmarshal(request.getBody().readUtf8(), GenericKubernetesResource.class);
  }

  /** A RayCluster with one worker group, its count rendered or (null) left to the autoscaler. */
  private static GenericKubernetesResource rayCluster(Integer replicas) {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("groupName", "wg-0");
    if (replicas != null) {
      group.put("replicas", replicas);
    }
    group.put("minReplicas", 1);
    group.put("maxReplicas", 8);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("enableInTreeAutoscaling", replicas == null);
    spec.put("workerGroupSpecs", new ArrayList<>(List.of(group)));
    GenericKubernetesResource cluster = new GenericKubernetesResource();
    cluster.setApiVersion("ray.io/v1");
    cluster.setKind("RayCluster");
    cluster.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("ray").build());
    cluster.setAdditionalProperty("spec", spec);
    return cluster;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> workerGroup(GenericKubernetesResource cluster) {
    Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
    return (Map<String, Object>) ((List<Object>) spec.get("workerGroupSpecs")).get(0);
  }
}
