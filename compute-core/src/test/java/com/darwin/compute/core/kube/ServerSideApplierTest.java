package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.render.RayClusterRenderer;
import com.darwin.compute.core.render.TestRenderSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shape of the server-side apply request (the CRUD mock server does not implement it, so the
 * request is checked in expectation mode).
 */
@EnableKubernetesMockClient
class ServerSideApplierTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void appliesWithTheDarwinFieldManagerAndForce() throws Exception {
    GenericKubernetesResource desired =
        SpecHash.stamp(
            new RayClusterRenderer(TestRenderSettings.defaults())
                .render(
                    TestRenderSettings.input(
                        "id-ssa23456789abcd",
                        TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 3))),
                        "ray:2.37.0",
                        "2.37.0"))
                .rayCluster(),
            Map.of());
    server
        .expect()
        .patch()
        .withPath(
            "/apis/ray.io/v1/namespaces/ray/rayclusters/id-ssa23456789abcd-kuberay?fieldManager=darwin-compute&force=true")
        .andReturn(200, desired)
        .once();

    ApplyOutcome outcome = new ServerSideApplier("darwin-compute").apply(client, desired, null);

    assertThat(outcome).isEqualTo(ApplyOutcome.CREATED);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    String body = request.getBody().readUtf8();
    // With the autoscaler on, replicas are left out so the autoscaler keeps owning them.
    assertThat(body).contains("minReplicas").doesNotContain("\"replicas\"");

    // Applying the same manifest over its live copy sends nothing.
    assertThat(new ServerSideApplier("darwin-compute").apply(client, desired, desired))
        .isEqualTo(ApplyOutcome.UNCHANGED);
    assertThat(server.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
  }
}
