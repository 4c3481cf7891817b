package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.event.ClusterEventType;
import com.darwin.compute.model.event.EventSeverity;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleFailureVocabularyTest {

  private static void recordsAs(
      String action, ClusterEventType requested, ClusterEventType outcome) {
    TimelineAction meaning = TimelineAction.of(action);
    assertThat(meaning.requested()).as(action).isEqualTo(requested);
    assertThat(meaning.type()).as(action).isEqualTo(outcome);
  }

  @Test
  void aRefusedRequestRecordsItsRequestAndItsFailure() {
    recordsAs(
        LifecycleRequest.RESTART.failedAction(),
        ClusterEventType.CLUSTER_RESTART_REQUEST_RECEIVED,
        ClusterEventType.CLUSTER_RESTART_FAILED);
    recordsAs(
        LifecycleRequest.UPDATE.failedAction(),
        ClusterEventType.CLUSTER_UPDATION_REQUEST_RECEIVED,
        ClusterEventType.CLUSTER_UPDATION_FAILED);
    recordsAs(
        LifecycleRequest.DELETE.failedAction(),
        ClusterEventType.CLUSTER_DELETION_REQUEST_RECEIVED,
        ClusterEventType.CLUSTER_DELETION_FAILED);
    assertThat(TimelineAction.of(LifecycleRequest.RESTART.failedAction()).severity())
        .isEqualTo(EventSeverity.WARNING);
  }

  @Test
  void anApplyFailureIsTheFailureOfWhatWasBeingApplied() {
    // Newest first, as the run's timeline is read.
    assertThat(ApplyFailures.actionFor(List.of("Started"))).isEqualTo(ApplyFailures.START);
    assertThat(ApplyFailures.actionFor(List.of("Restarting", "Running", "Head Node Up", "Started")))
        .isEqualTo(ApplyFailures.RESTART);
    assertThat(ApplyFailures.actionFor(List.of("Updating", "Running", "Started")))
        .isEqualTo(ApplyFailures.UPDATE);
    // An edit that changed the pod templates restarted the cluster: the edit failed.
    assertThat(ApplyFailures.actionFor(List.of("Restarting", "Updating", "Running", "Started")))
        .isEqualTo(ApplyFailures.UPDATE);
    // An edit of a stopped cluster that starts it is a start.
    assertThat(ApplyFailures.actionFor(List.of("Started", "Updating")))
        .isEqualTo(ApplyFailures.START);
    // Earlier failures and transitions are looked past.
    assertThat(
            ApplyFailures.actionFor(List.of("Apply Failed", "Creating", "Restarting", "Running")))
        .isEqualTo(ApplyFailures.RESTART);
    assertThat(ApplyFailures.actionFor(List.of())).isEqualTo(ApplyFailures.START);

    recordsAs(ApplyFailures.START, null, ClusterEventType.APPLY_FAILED);
    recordsAs(ApplyFailures.RESTART, null, ClusterEventType.CLUSTER_RESTART_FAILED);
    recordsAs(ApplyFailures.UPDATE, null, ClusterEventType.CLUSTER_UPDATION_FAILED);
  }
}
