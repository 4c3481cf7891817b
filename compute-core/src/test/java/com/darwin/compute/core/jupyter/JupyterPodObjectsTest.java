package com.darwin.compute.core.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.KubernetesProperties.ApplyMode;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.kube.apply.ObjectApplier;
import com.darwin.compute.core.kube.apply.ObjectKind;
import com.darwin.compute.core.render.jupyter.HeadJupyterAccessPolicy;
import com.darwin.compute.core.render.jupyter.JupyterPodInput;
import com.darwin.compute.core.render.jupyter.JupyterPodRenderer;
import com.darwin.compute.core.render.jupyter.JupyterPodSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Jupyter pod's objects through the one applier against the CRUD mock API: created, left alone
 * when unchanged, rolled by a restart, owned by the Deployment, deleted; the head pods' policy.
 */
@EnableKubernetesMockClient(crud = true)
class JupyterPodObjectsTest {

  static KubernetesClient client;

  private static final JupyterPodSettings SETTINGS =
      new JupyterPodSettings(
          "img:1",
          "1",
          "2Gi",
          8888,
          "workspace-shared",
          "/home/ray/fsx",
          10,
          6,
          List.of(new JupyterPodSettings.Peer(Map.of(), Map.of("app", "proxy"))),
          null);

  @Test
  void appliedOwnedUnchangedRolledAndDeleted() {
    KubernetesTarget target = new KubernetesTarget("default", client, "ray");
    ObjectApplier applier = new ObjectApplier(ApplyMode.UPDATE, "darwin-compute");
    String name = "jup-objects000000001";
    var first =
        JupyterPodRenderer.render(new JupyterPodInput(name, "ray", "default", 0, null), SETTINGS);
    assertThat(applier.apply(target, ObjectKind.DEPLOYMENT, first.deployment(), null))
        .isEqualTo(ApplyResult.CREATED);
    var live = client.apps().deployments().inNamespace("ray").withName(name).get();
    var owned =
        JupyterPodRenderer.render(
            new JupyterPodInput(name, "ray", "default", 0, live.getMetadata().getUid()), SETTINGS);
    assertThat(applier.applyUncached(target, ObjectKind.SERVICE, owned.service(), true))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(
            applier.applyUncached(target, ObjectKind.NETWORK_POLICY, owned.networkPolicy(), true))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(
            applier.applyUncached(target, ObjectKind.NETWORK_POLICY, owned.networkPolicy(), true))
        .isEqualTo(ApplyResult.UNCHANGED);
    assertThat(
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace("ray")
                .withName(name + "-jupyter-access")
                .get()
                .getMetadata()
                .getOwnerReferences()
                .get(0)
                .getUid())
        .isEqualTo(live.getMetadata().getUid());
    assertThat(applier.apply(target, ObjectKind.DEPLOYMENT, owned.deployment(), live))
        .isEqualTo(ApplyResult.UNCHANGED);

    var restarted =
        JupyterPodRenderer.render(
            new JupyterPodInput(name, "ray", "default", 1, live.getMetadata().getUid()), SETTINGS);
    assertThat(applier.apply(target, ObjectKind.DEPLOYMENT, restarted.deployment(), live))
        .isEqualTo(ApplyResult.PATCHED);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("ray")
                .withName(name)
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsEntry("darwin.io/restart-generation", "1");

    assertThat(applier.delete(target, ObjectKind.NETWORK_POLICY, "ray", name + "-jupyter-access"))
        .isEqualTo(ApplyResult.DELETED);
    assertThat(applier.delete(target, ObjectKind.DEPLOYMENT, "ray", name))
        .isEqualTo(ApplyResult.DELETED);
    assertThat(applier.delete(target, ObjectKind.DEPLOYMENT, "ray", name))
        .isEqualTo(ApplyResult.UNCHANGED);
  }

  @Test
  void theHeadPolicyIsAppliedOnce() {
    KubernetesTarget target = new KubernetesTarget("default", client, "ray");
    ObjectApplier applier = new ObjectApplier(ApplyMode.UPDATE, "darwin-compute");
    var policy = HeadJupyterAccessPolicy.render("ray", 8888, SETTINGS);
    assertThat(applier.applyUncached(target, ObjectKind.NETWORK_POLICY, policy, false))
        .isEqualTo(ApplyResult.CREATED);
    assertThat(
            applier.applyUncached(
                target,
                ObjectKind.NETWORK_POLICY,
                HeadJupyterAccessPolicy.render("ray", 8888, SETTINGS),
                false))
        .isEqualTo(ApplyResult.UNCHANGED);
  }
}
