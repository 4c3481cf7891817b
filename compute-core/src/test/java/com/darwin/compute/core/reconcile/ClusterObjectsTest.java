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
import org.junit.jupiter.api.BeforeEach;
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

  /** Each test starts from an empty namespace on the shared mock server. */
  @BeforeEach
  void emptyNamespace() {
    RayClusterKind.in(client).inNamespace("ray").delete();
    client.configMaps().inNamespace("ray").delete();
    client.persistentVolumeClaims().inNamespace("ray").delete();
    client.network().networkPolicies().inNamespace("ray").delete();
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

  /**
   * Two replicas of different versions writing one cluster in turn (a rolling upgrade, a lease
   * taken over): the newer one, back, writes its ConfigMap again although it remembers having
   * written that content, since the RayCluster shows someone else wrote in between.
   */
  @Test
  void dependentsAnotherReplicaWroteSinceAreWrittenAgain() {
    KubernetesTarget target = new KubernetesTarget("t", client, "ray");
    ClusterObjects newer =
        new ClusterObjects(new ObjectApplier(ApplyMode.UPDATE, "darwin-compute"));
    ClusterObjects older =
        new ClusterObjects(new ObjectApplier(ApplyMode.UPDATE, "darwin-compute"));
    String initScript = rendered().configMaps().get(1).getMetadata().getName();

    assertThat(newer.apply(target, newVersion(), null)).isEqualTo(ApplyResult.CREATED);
    RenderedCluster old = rendered();
    assertThat(older.apply(target, old, live(old))).isEqualTo(ApplyResult.PATCHED);
    assertThat(client.configMaps().inNamespace("ray").withName(initScript).get().getData())
        .doesNotContainEntry("init.sh", "echo new version\n");

    RenderedCluster again = newVersion();
    assertThat(newer.apply(target, again, live(again))).isEqualTo(ApplyResult.PATCHED);
    assertThat(client.configMaps().inNamespace("ray").withName(initScript).get().getData())
        .containsEntry("init.sh", "echo new version\n");
    assertThat(live(again).getMetadata().getLabels())
        .containsEntry("darwin.io/test-version", "new");
  }

  /** What a newer version renders: another init script, and so another RayCluster. */
  private static RenderedCluster newVersion() {
    RenderedCluster rendered = rendered();
    rendered.configMaps().get(1).getData().put("init.sh", "echo new version\n");
    rendered.rayCluster().getMetadata().getLabels().put("darwin.io/test-version", "new");
    return rendered;
  }
}
