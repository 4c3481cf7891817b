package com.darwin.compute.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Why a cluster's head is not up, as its status message says it. */
class PodCensusTest {

  private static Pod head(PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("c-kuberay-head-x")
        .addToLabels("ray.io/node-type", "head")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static String message(PodStatus status) {
    return PodCensus.of(List.of(head(status))).headMessage();
  }

  @Test
  void anImageThatCannotBePulledIsSaid() {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewContainerStatus()
            .withName("ray-head")
            .withImage("localhost:5000/darwin-runtime:2.37.0-py310-cpu")
            .withReady(false)
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage(
                "Back-off pulling image \"localhost:5000/darwin-runtime:2.37.0-py310-cpu\"")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .build();
    assertThat(message(status))
        .isEqualTo(
            "The Ray head's image cannot be pulled: localhost:5000/darwin-runtime:2.37.0-py310-cpu");
    // The same while Kubernetes retries (ErrImagePull in turn): one message, one write.
    status.getContainerStatuses().get(0).getState().getWaiting().setReason("ErrImagePull");
    status
        .getContainerStatuses()
        .get(0)
        .getState()
        .getWaiting()
        .setMessage("rpc error: pull access denied, dial tcp 10.0.0.7:5000: connection refused");
    assertThat(message(status))
        .isEqualTo(
            "The Ray head's image cannot be pulled: localhost:5000/darwin-runtime:2.37.0-py310-cpu");
  }

  @Test
  void aCrashLoopIsSaidWithItsLastExitCodeNotItsGrowingBackOff() {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("ray-head")
            .withReady(false)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage("back-off 2m40s restarting failed container=ray-head")
            .endWaiting()
            .endState()
            .withRestartCount(3)
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .endLastState()
            .endContainerStatus()
            .build();
    assertThat(message(status)).isEqualTo("The Ray head keeps crashing (last exit code 137)");
    // Running again between two crashes, not yet ready: the same message, not none.
    status.getContainerStatuses().get(0).getState().setWaiting(null);
    status
        .getContainerStatuses()
        .get(0)
        .getState()
        .setRunning(new io.fabric8.kubernetes.api.model.ContainerStateRunning());
    assertThat(message(status)).isEqualTo("The Ray head keeps crashing (last exit code 137)");
  }

  @Test
  void noNodeForTheHeadIsSaidAndAStartOnItsWayIsNot() {
    PodStatus unschedulable =
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
            .endCondition()
            .build();
    assertThat(message(unschedulable))
        .isEqualTo("Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");

    PodStatus creating =
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewContainerStatus()
            .withName("ray-head")
            .withReady(false)
            .withNewState()
            .withNewWaiting()
            .withReason("ContainerCreating")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .build();
    assertThat(message(creating)).isNull();
  }

  @Test
  void theMessageOfAnEvictedHeadFollowsItsReason() {
    PodStatus evicted =
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .build();
    assertThat(message(evicted)).isEqualTo("Evicted: The node was low on resource: memory.");
  }
}
