package com.darwin.compute.core.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.event.ClusterEventType;
import com.darwin.compute.model.event.EventSeverity;
import org.junit.jupiter.api.Test;

class TimelineActionTest {

  @Test
  void wireNamesAreThePythonServicesAndFindTheirAction() {
    for (TimelineAction action : TimelineAction.values()) {
      assertThat(TimelineAction.of(action.wireName())).isSameAs(action);
    }
    assertThat(TimelineAction.HEAD_NODE_UP.wireName()).isEqualTo("Head Node Up");
    assertThatThrownBy(() -> TimelineAction.of("Exploded"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStopOfAnyKindEndsTheRunAndNothingElseDoes() {
    assertThat(TimelineAction.runEndingWireNames())
        .containsExactlyInAnyOrder("Stopped", "Auto Terminated", "Timed Out", "Cluster Inactive");
  }

  @Test
  void announcedRequestsCarryTheirRequestEvent() {
    assertThat(TimelineAction.CREATED.requested())
        .isEqualTo(ClusterEventType.CLUSTER_CREATION_REQUEST_RECEIVED);
    assertThat(TimelineAction.RUNNING.requested()).isNull();
    assertThat(TimelineAction.HEAD_NODE_DIED.severity()).isEqualTo(EventSeverity.ERROR);
  }
}
