package com.darwin.compute.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.reconcile.ReconcileDecision.Step;
import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pass's decision and observation, from a snapshot and live objects: no Kubernetes. */
class ReconcileDecisionTest {

  private static final RenderInput.RuntimeImage RUNTIME =
      new RenderInput.RuntimeImage("ray:2.37.0", "2.37.0");

  private static ClusterSnapshot snapshot(
      DesiredState desired, ClusterStatus status, int restartGeneration, boolean runtimeKnown) {
    return new ClusterSnapshot(
        "id-decision",
        desired,
        status,
        "run-1",
        restartGeneration,
        1,
        "sandbox",
        "ray",
        "alice@example.com",
        runtimeKnown ? RUNTIME : null,
        TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 1))),
        0,
        null);
  }

  private static GenericKubernetesResource rayCluster(int restartGeneration, boolean deleting) {
    GenericKubernetesResource rc = new GenericKubernetesResource();
    rc.setMetadata(
        new ObjectMetaBuilder()
            .withName("id-decision-kuberay")
            .withUid("uid-1")
            .withAnnotations(
                Map.of(
                    ResourceNames.RESTART_GENERATION_ANNOTATION,
                    Integer.toString(restartGeneration)))
            .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null)
            .build());
    return rc;
  }

  private static Pod pod(String nodeType, String container, String ownerUid) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(nodeType + "-" + ownerUid)
        .withLabels(Map.of(ResourceNames.KUBERAY_NODE_TYPE_LABEL, nodeType))
        .withOwnerReferences(new OwnerReferenceBuilder().withUid(ownerUid).build())
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .addNewContainerStatus()
        .withName(container)
        .withReady(true)
        .endContainerStatus()
        .addNewContainerStatus()
        .withName(ResourceNames.JUPYTER_CONTAINER)
        .withReady(true)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void aStoppedClusterIsDeletedOnceThenLeftAlone() {
    var stopped = snapshot(DesiredState.STOPPED, ClusterStatus.INACTIVE, 0, true);
    assertThat(ReconcileDecision.step(stopped, LiveCluster.of(rayCluster(0, false), List.of())))
        .isEqualTo(Step.DELETE);
    assertThat(ReconcileDecision.step(stopped, LiveCluster.of(rayCluster(0, true), List.of())))
        .isEqualTo(Step.NOTHING);
    assertThat(ReconcileDecision.step(stopped, LiveCluster.ABSENT)).isEqualTo(Step.NOTHING);
  }

  @Test
  void aRestartDeletesTheOlderGenerationAndWaitsForItsDeletion() {
    var restarted = snapshot(DesiredState.RUNNING, ClusterStatus.ACTIVE, 2, true);
    assertThat(ReconcileDecision.step(restarted, LiveCluster.of(rayCluster(1, false), List.of())))
        .isEqualTo(Step.DELETE);
    assertThat(ReconcileDecision.step(restarted, LiveCluster.of(rayCluster(1, true), List.of())))
        .isEqualTo(Step.WAIT_FOR_DELETION);
    assertThat(ReconcileDecision.step(restarted, LiveCluster.ABSENT))
        .isEqualTo(Step.APPLY_AND_OBSERVE);
  }

  @Test
  void aRunningClusterWithoutItsRuntimeFailsAndOtherwiseIsApplied() {
    assertThat(
            ReconcileDecision.step(
                snapshot(DesiredState.RUNNING, ClusterStatus.CREATING, 0, false),
                LiveCluster.ABSENT))
        .isEqualTo(Step.RUNTIME_MISSING);
    assertThat(
            ReconcileDecision.step(
                snapshot(DesiredState.RUNNING, ClusterStatus.CREATING, 0, true),
                LiveCluster.of(rayCluster(0, false), List.of())))
        .isEqualTo(Step.APPLY_AND_OBSERVE);
  }

  @Test
  void observationCountsOnlyThePodsOfTheLiveIncarnation() {
    var cluster = snapshot(DesiredState.RUNNING, ClusterStatus.CREATING, 0, true);
    LiveCluster live =
        LiveCluster.of(
            rayCluster(0, false),
            List.of(
                pod("head", ResourceNames.RAY_HEAD_CONTAINER, "uid-1"),
                pod("worker", ResourceNames.RAY_WORKER_CONTAINER, "uid-1"),
                pod("worker", ResourceNames.RAY_WORKER_CONTAINER, "uid-old")));
    assertThat(live.pods()).hasSize(2);
    ReconcileDecision.Observation seen = ReconcileDecision.observe(cluster, live);
    assertThat(seen.status()).isEqualTo(ClusterStatus.ACTIVE);
    assertThat(seen.census().runningPods()).isEqualTo(2);

    ReconcileDecision.Observation nothing = ReconcileDecision.observe(cluster, LiveCluster.ABSENT);
    assertThat(nothing.status()).isEqualTo(ClusterStatus.CREATING);
    assertThat(nothing.census().runningPods()).isZero();
  }
}
