package com.darwin.compute.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.render.GoldenCases;
import com.darwin.compute.core.render.RenderedCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ConfigMaps and workspace claims against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class DependentObjectsApplierTest {

  static KubernetesClient client;

  private DependentObjectsApplier applier() {
    return new DependentObjectsApplier(
        new KubernetesProperties(
            "t",
            Map.of(),
            KubernetesProperties.ApplyMode.UPDATE,
            "darwin-compute",
            Duration.ofMinutes(10)));
  }

  @Test
  void appliesConfigMapsOnlyWhenTheyChangeAndCreatesClaimsOnce() {
    KubernetesTarget target = new KubernetesTarget("t", client, "ray");
    RenderedCluster rendered = GoldenCases.named("init-script-env-spark").render();
    DependentObjectsApplier applier = applier();

    // First apply, RayCluster about to be created: everything is written.
    assertThat(applier.apply(target, rendered.workspaceClaims(), rendered.configMaps(), false))
        .isEqualTo(3);
    assertThat(client.configMaps().inNamespace("ray").list().getItems()).hasSize(2);
    PersistentVolumeClaim claim =
        client
            .persistentVolumeClaims()
            .inNamespace("ray")
            .withName(rendered.workspaceClaims().get(0).getMetadata().getName())
            .get();
    assertThat(claim).isNotNull();
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();

    // Same objects, RayCluster exists: nothing is sent.
    assertThat(applier.apply(target, rendered.workspaceClaims(), rendered.configMaps(), true))
        .isZero();

    // A changed init script: only that ConfigMap is written again.
    ConfigMap changed = new ConfigMapBuilder(rendered.configMaps().get(1)).build();
    changed.getData().put("init.sh", "echo changed\n");
    assertThat(
            applier.apply(
                target,
                rendered.workspaceClaims(),
                List.of(rendered.configMaps().get(0), changed),
                true))
        .isEqualTo(1);
    assertThat(
            client
                .configMaps()
                .inNamespace("ray")
                .withName(changed.getMetadata().getName())
                .get()
                .getData())
        .containsEntry("init.sh", "echo changed\n");

    // The RayCluster is recreated (restart): its ConfigMaps are applied again regardless.
    assertThat(applier.apply(target, List.of(), rendered.configMaps(), false)).isEqualTo(2);
  }

  @Test
  void anExistingClaimIsLeftAlone() {
    KubernetesTarget target = new KubernetesTarget("t", client, "ray");
    PersistentVolumeClaim existing =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("workspace-preexisting")
            .withNamespace("ray")
            .addToLabels("provisioned-by", "platform")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteMany")
            .endSpec()
            .build();
    client.persistentVolumeClaims().inNamespace("ray").resource(existing).create();
    PersistentVolumeClaim desired =
        new PersistentVolumeClaimBuilder(existing)
            .editMetadata()
            .withLabels(Map.of("app.kubernetes.io/managed-by", "darwin-compute"))
            .endMetadata()
            .build();

    assertThat(applier().apply(target, List.of(desired), List.of(), false)).isZero();
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace("ray")
                .withName("workspace-preexisting")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("provisioned-by", "platform");
  }
}
