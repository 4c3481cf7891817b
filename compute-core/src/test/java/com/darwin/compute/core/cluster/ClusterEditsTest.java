package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.config.RequestLimitsProperties;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.limits.RequestLimits;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.timeline.TimelineAction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A new owner is given the cluster that was checked for them, as the handover writes it. */
class ClusterEditsTest {

  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final ClusterTimeline timeline = mock(ClusterTimeline.class);
  private final ClusterEdits edits =
      new ClusterEdits(
          clusters,
          timeline,
          mock(KubernetesTargets.class),
          mock(ClusterLimitsProperties.class),
          new RequestLimits(RequestLimitsProperties.defaults()),
          org.mockito.Mockito.mock(org.springframework.context.ApplicationEventPublisher.class),
          mock(com.darwin.compute.core.render.RenderSettings.class),
          Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC));
  private final Actor admin = new Actor("root@example.com");

  private ClusterEntity cluster() {
    var spec = TestSpecs.readmeCluster(List.of());
    ClusterEntity cluster =
        new ClusterEntity(
            "id-1",
            "c",
            "fin@example.com",
            spec.runtime(),
            "sandbox",
            "ray",
            spec,
            false,
            30,
            Instant.parse("2026-12-01T00:00:00Z"));
    when(clusters.findById("id-1")).thenReturn(Optional.of(cluster));
    return cluster;
  }

  @Test
  void theOwnerChangesAfterTheCheckOfTheClusterAsItIsWritten() {
    ClusterEntity cluster = cluster();
    List<ClusterEntity> checked = new ArrayList<>();

    edits.changeOwner("id-1", "bob@example.com", admin, checked::add);

    assertThat(checked).containsExactly(cluster);
    assertThat(cluster.getOwner()).isEqualTo("bob@example.com");
    assertThat(cluster.getSpec().user()).isEqualTo("bob@example.com");
  }

  @Test
  void aRefusedHandoverLeavesTheOwnerAndWritesNothing() {
    ClusterEntity cluster = cluster();
    int version = cluster.getSpecVersion();

    assertThatThrownBy(
            () ->
                edits.changeOwner(
                    "id-1",
                    "bob@example.com",
                    admin,
                    c -> {
                      throw new IllegalStateException("not granted");
                    }))
        .hasMessage("not granted");
    assertThat(cluster.getOwner()).isEqualTo("fin@example.com");
    assertThat(cluster.getSpecVersion()).isEqualTo(version);
    verify(timeline, never()).record(any(), any(), any(TimelineAction.class), any(), any());
  }
}
