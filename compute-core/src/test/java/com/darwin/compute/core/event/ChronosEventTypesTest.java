package com.darwin.compute.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.event.ClusterEventType;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChronosEventTypesTest {

  /** The lifecycle and status names of Chronos's ComputeEvent list that we can produce. */
  private static final Set<String> CHRONOS_COMPUTE_EVENTS =
      Set.of(
          "CLUSTER_CREATION_REQUEST_RECEIVED",
          "CLUSTER_CREATED",
          "CLUSTER_CREATION_FAILED",
          "CLUSTER_DELETION_REQUEST_RECEIVED",
          "CLUSTER_DELETED",
          "CLUSTER_DELETION_FAILED",
          "CLUSTER_UPDATION_REQUEST_RECEIVED",
          "CLUSTER_UPDATED",
          "CLUSTER_UPDATION_FAILED",
          "CLUSTER_START_REQUEST_RECEIVED",
          "CLUSTER_START_FAILED",
          "CLUSTER_STOP_REQUEST_RECEIVED",
          "CLUSTER_STOPPED",
          "CLUSTER_STOP_FAILED",
          "CLUSTER_RESTART_REQUEST_RECEIVED",
          "CLUSTER_RESTART_FAILED",
          "HEAD_NODE_UP",
          "WORKER_NODES_UP",
          "JUPYTER_UP",
          "CLUSTER_READY",
          "CLUSTER_TIMEOUT",
          "AUTO_TERMINATED",
          "CLUSTER_INACTIVE",
          "HEAD_NODE_DIED",
          "WORKER_NODES_DIED",
          "CLUSTER_DIED",
          "WORKER_NODES_SCALED");

  @Test
  void everyForwardedTypeIsAComputeEventChronosKnows() {
    for (ClusterEventType type : ClusterEventType.values()) {
      ChronosEventTypes.of(type.name())
          .ifPresent(sent -> assertThat(sent).as(type.name()).isIn(CHRONOS_COMPUTE_EVENTS));
    }
  }

  @Test
  void lifecycleAndStatusEventsKeepTheirNames() {
    assertThat(ChronosEventTypes.of("CLUSTER_STOP_REQUEST_RECEIVED"))
        .contains("CLUSTER_STOP_REQUEST_RECEIVED");
    assertThat(ChronosEventTypes.of("AUTO_TERMINATED")).contains("AUTO_TERMINATED");
    assertThat(ChronosEventTypes.of("CLUSTER_TIMEOUT")).contains("CLUSTER_TIMEOUT");
    assertThat(ChronosEventTypes.of("CLUSTER_DIED")).contains("CLUSTER_DIED");
  }

  @Test
  void everyFailedEventOfThePythonServiceIsSentUnderItsOwnName() {
    for (String failed :
        new String[] {
          "CLUSTER_CREATION_FAILED",
          "CLUSTER_DELETION_FAILED",
          "CLUSTER_UPDATION_FAILED",
          "CLUSTER_START_FAILED",
          "CLUSTER_STOP_FAILED",
          "CLUSTER_RESTART_FAILED"
        }) {
      assertThat(ClusterEventType.valueOf(failed)).isNotNull();
      assertThat(ChronosEventTypes.of(failed)).as(failed).contains(failed);
    }
  }

  @Test
  void ourOwnKindsAreMappedOrNotForwarded() {
    assertThat(ChronosEventTypes.of("APPLY_FAILED")).contains("CLUSTER_START_FAILED");
    assertThat(ChronosEventTypes.of("INVALID_SPEC")).contains("CLUSTER_START_FAILED");
    assertThat(ChronosEventTypes.of("KUBERNETES_EVENT")).isEmpty();
    assertThat(ChronosEventTypes.of("POD_FAILED_SCHEDULING")).isEmpty();
    assertThat(ChronosEventTypes.of("APPLY_RECOVERED")).isEmpty();
    assertThat(ChronosEventTypes.of("CLUSTER_CREATING")).isEmpty();
    assertThat(ChronosEventTypes.of("NOT_A_TYPE")).isEqualTo(Optional.empty());
  }
}
