package com.darwin.compute.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.render.GoldenCases;
import com.darwin.compute.core.render.RenderedCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/**
 * A rendered cluster's claims, ConfigMaps and RayCluster through the one applier, against the
 * fabric8 mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterObjectsTest {

  static KubernetesClient client;

  private static RenderedCluster rendered() {
    return GoldenCases.named("init-script-env-spark").render();
  }

  private GenericKubernetesResource live(RenderedCluster rendered) {
    return RayClusterKind.in(client)
        .inNamespace(rendered.rayCluster().getMetadata().getNamespace())
        .withName(rendered.rayCluster().getMetadata().getName())
        .get();
  }

  @Test
  void writesEverythingOnceThenOnlyWhatChangedAndRepairsOnRecreate() {
    KubernetesTarget target = new KubernetesTarget("t", client, "ray");
    ClusterObjects objects =
        new ClusterObjects(new ObjectApplier(ApplyMode.UPDATE, "darwin-compute"));

    RenderedCluster first = rendered();
    assertThat(objects.apply(target, first, null)).isEqualTo(ApplyResult.CREATED);
    assertThat(client.configMaps().inNamespace("ray").list().getItems()).hasSize(2);
    PersistentVolumeClaim claim =
        client
            .persistentVolumeClaims()
            .inNamespace("ray")
            .withName(first.workspaceClaims().get(0).getMetadata().getName())
            .get();
    assertThat(claim).isNotNull();
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();

    // The same objects over the live RayCluster: nothing is sent.
    GenericKubernetesResource live = live(first);
    assertThat(objects.apply(target, rendered(), live)).isEqualTo(ApplyResult.UNCHANGED);

    // A changed init script: only that ConfigMap is written again.
    RenderedCluster changed = rendered();
    String initScript = changed.configMaps().get(1).getMetadata().getName();
    changed.configMaps().get(1).getData().put("init.sh", "echo changed\n");
    assertThat(objects.apply(target, changed, live)).isEqualTo(ApplyResult.UNCHANGED);
    assertThat(client.configMaps().inNamespace("ray").withName(initScript).get().getData())
        .containsEntry("init.sh", "echo changed\n");

    // Deleted behind the control plane's back, then the RayCluster is recreated: repaired.
    client.configMaps().inNamespace("ray").withName(initScript).delete();
    assertThat(objects.delete(target, live)).isEqualTo(ApplyResult.DELETED);
    assertThat(objects.apply(target, rendered(), null)).isEqualTo(ApplyResult.CREATED);
    assertThat(client.configMaps().inNamespace("ray").withName(initScript).get()).isNotNull();
  }
}
