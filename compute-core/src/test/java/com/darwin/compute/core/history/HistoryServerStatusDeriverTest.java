package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
import com.darwin.compute.model.history.HistoryServerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryServerStatusDeriverTest {

  private static Deployment with(DeploymentStatusBuilder status) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("shs-x")
        .endMetadata()
        .withStatus(status == null ? null : status.build())
        .build();
  }

  @Test
  void noStatusYetIsCreated() {
    assertThat(HistoryServerStatusDeriver.of(with(null)).status())
        .isEqualTo(HistoryServerStatus.CREATED);
  }

  @Test
  void aReadyReplicaIsActive() {
    assertThat(
            HistoryServerStatusDeriver.of(
                    with(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1)))
                .status())
        .isEqualTo(HistoryServerStatus.ACTIVE);
    assertThat(
            HistoryServerStatusDeriver.of(
                    with(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(0)))
                .status())
        .isEqualTo(HistoryServerStatus.CREATED);
  }

  @Test
  void aDeploymentThatGaveUpIsFailedWithItsReason() {
    var observed =
        HistoryServerStatusDeriver.of(
            with(
                new DeploymentStatusBuilder()
                    .withConditions(
                        new DeploymentConditionBuilder()
                            .withType("Progressing")
                            .withStatus("False")
                            .withReason("ProgressDeadlineExceeded")
                            .withMessage("timed out")
                            .build())));
    assertThat(observed.status()).isEqualTo(HistoryServerStatus.FAILED);
    assertThat(observed.message()).isEqualTo("ProgressDeadlineExceeded: timed out");
  }

  private static DeploymentStatusBuilder replicaFailure(int ready) {
    return new DeploymentStatusBuilder()
        .withReplicas(1)
        .withReadyReplicas(ready)
        .withConditions(
            new DeploymentConditionBuilder()
                .withType("ReplicaFailure")
                .withStatus("True")
                .withReason("FailedCreate")
                .withMessage("pods \"shs-x-1\" is forbidden: exceeded quota")
                .build());
  }

  @Test
  void aReplicaItCannotCreateForNowIsNotAFailureKubernetesRetriesIt() {
    // A drained node's pod replaced under a full quota: the server still answers from its pod.
    assertThat(HistoryServerStatusDeriver.of(with(replicaFailure(1))).status())
        .isEqualTo(HistoryServerStatus.ACTIVE);
    // A first pod not made yet: created until it is, or until the progress deadline passes.
    var waiting = HistoryServerStatusDeriver.of(with(replicaFailure(0)));
    assertThat(waiting.status()).isEqualTo(HistoryServerStatus.CREATED);
    assertThat(waiting.message())
        .isEqualTo("FailedCreate: pods \"shs-x-1\" is forbidden: exceeded quota");
  }

  @Test
  void theStartItWasAppliedForComesFromItsAnnotation() {
    Deployment deployment = with(new DeploymentStatusBuilder().withReadyReplicas(1));
    assertThat(HistoryServerStatusDeriver.of(deployment).startedAt()).isNull();
    deployment
        .getMetadata()
        .setAnnotations(
            Map.of(SparkHistoryServerRenderer.STARTED_AT_ANNOTATION, "2026-12-05T10:15:30.125Z"));
    assertThat(HistoryServerStatusDeriver.of(deployment).startedAt())
        .isEqualTo(Instant.parse("2026-12-05T10:15:30.125Z"));
    // Edited by hand into something else: taken as not saying.
    deployment
        .getMetadata()
        .setAnnotations(Map.of(SparkHistoryServerRenderer.STARTED_AT_ANNOTATION, "yesterday"));
    assertThat(HistoryServerStatusDeriver.of(deployment).startedAt()).isNull();
  }
}
