package com.darwin.compute.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.api.library.ClusterPackages;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.access.SharedGrants;
import com.darwin.compute.core.access.SharedSecrets;
import com.darwin.compute.core.cluster.ChangedSinceCheckedException;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An edit is applied to the version of the cluster it was checked against, or checked again. */
class ClusterControllerEditTest {

  private final ClusterService clusters = mock(ClusterService.class);
  private final ClusterRequestPolicy policy = mock(ClusterRequestPolicy.class);
  private final ClusterPackages packages = mock(ClusterPackages.class);
  private final ClusterController controller =
      new ClusterController(
          clusters,
          mock(ClusterReads.class),
          mock(ClusterViews.class),
          policy,
          packages,
          mock(SharedSecrets.class),
          mock(SharedGrants.class));
  private final Caller owner = Caller.user("alice@example.com", "10.0.0.1");
  private final ClusterRequest request = mock(ClusterRequest.class);

  private ClusterEntity version(int edits) {
    ClusterEntity cluster = mock(ClusterEntity.class);
    when(cluster.getOwner()).thenReturn("alice@example.com");
    when(cluster.getSpecVersion()).thenReturn(1 + edits);
    when(cluster.getSpec()).thenReturn(mock(ClusterRequest.class));
    return cluster;
  }

  @Test
  void anotherChangeBetweenCheckAndApplyIsCheckedAgainOnTheNewVersion() {
    when(request.user()).thenReturn("alice@example.com");
    ClusterEntity first = version(0);
    ClusterEntity second = version(1);
    when(clusters.get("c1")).thenReturn(first, second);
    ClusterRequest checkedOnFirst = mock(ClusterRequest.class);
    ClusterRequest checkedOnSecond = mock(ClusterRequest.class);
    when(policy.checkEdit(first, request, owner)).thenReturn(checkedOnFirst);
    when(policy.checkEdit(second, request, owner)).thenReturn(checkedOnSecond);
    when(checkedOnFirst.withoutPackages()).thenReturn(checkedOnFirst);
    when(checkedOnSecond.withoutPackages()).thenReturn(checkedOnSecond);
    when(packages.requested(any(), any(), any())).thenReturn(List.of());
    when(clusters.update(eq("c1"), eq(1), any(), any(), any()))
        .thenThrow(new ChangedSinceCheckedException("c1", 1, 2));
    when(clusters.update(eq("c1"), eq(2), eq(checkedOnSecond), any(), any()))
        .thenReturn(ClusterService.UpdateOutcome.SAVED);

    var answer = controller.update("c1", request, owner);

    assertThat(answer.getBody().data()).containsEntry("outcome", "saved");
    verify(policy).checkEdit(second, request, owner);
    verify(clusters).update(eq("c1"), eq(2), eq(checkedOnSecond), any(), any());
  }

  @Test
  void aClusterThatKeepsChangingIsA409AfterThreeChecks() {
    when(request.user()).thenReturn("alice@example.com");
    ClusterEntity cluster = version(0);
    when(clusters.get("c1")).thenReturn(cluster);
    when(policy.checkEdit(any(), any(), any())).thenReturn(request);
    when(request.withoutPackages()).thenReturn(request);
    when(packages.requested(any(), any(), any())).thenReturn(List.of());
    when(clusters.update(eq("c1"), anyInt(), any(), any(), any()))
        .thenThrow(new ChangedSinceCheckedException("c1", 1, 2));

    assertThatThrownBy(() -> controller.update("c1", request, owner))
        .isInstanceOf(ChangedSinceCheckedException.class);
    verify(policy, times(3)).checkEdit(cluster, request, owner);
  }
}
