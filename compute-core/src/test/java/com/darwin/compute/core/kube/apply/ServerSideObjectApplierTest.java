package com.darwin.compute.core.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import com.darwin.compute.core.kube.KubernetesTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
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
}
