package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.access.ClusterRequestPolicy;
import com.darwin.compute.core.access.UsageLimitException;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.RayJobRepository;
import com.darwin.compute.model.job.JobSubmitRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * A job that starts its stopped cluster takes what a start takes: the caller's right to start it,
 * then room in the owner's caps, both before the cluster is started or the job stored. (The caps
 * themselves are {@code ClusterRequestPolicyTest}'s; the share levels are JobsIT's.)
 */
class JobStoreStartTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final String ID = "id-stopped";

  private final RayJobRepository jobs = mock(RayJobRepository.class);
  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final ClusterService clusterService = mock(ClusterService.class);
  private final ClusterAccessService access = mock(ClusterAccessService.class);
  private final ClusterRequestPolicy policy = mock(ClusterRequestPolicy.class);
  private final ClusterEntity stopped =
      new ClusterEntity(
          ID,
          "stopped",
          "owner@example.com",
          "0.0",
          "sandbox",
          "ray",
          TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2))),
          false,
          30,
          T0);
  private final JobStore store =
      new JobStore(
          jobs,
          clusters,
          clusterService,
          mock(ClusterTimeline.class),
          access,
          policy,
          mock(LastUseWriter.class),
          Clock.fixed(T0, ZoneOffset.UTC));
  private final Caller attacher =
      new Caller("attacher@example.com", Set.of(), false, false, null, "10.0.0.1");

  private static JobSubmitRequest startingJob() {
    return new JobSubmitRequest("python train.py", "s-1", null, null, null, null, null, null, true);
  }

  private void register() {
    when(clusters.findById(ID)).thenReturn(Optional.of(stopped));
    store.register(ID, startingJob(), new Actor("attacher@example.com", "api"), attacher);
  }

  @Test
  void theOwnersCapsRefuseTheStartAndNothingIsStartedOrStored() {
    doThrow(new UsageLimitException("owner@example.com already runs 1 cluster (limit 1)"))
        .when(policy)
        .checkStart(stopped);

    assertThatThrownBy(this::register)
        .isInstanceOf(UsageLimitException.class)
        .hasMessageContaining("limit 1");
    InOrder order = inOrder(access, policy);
    order.verify(access).require(ID, attacher, ClusterOperation.START);
    order.verify(policy).checkStart(stopped);
    verify(clusterService, never()).start(any(), any(), any());
    verify(jobs, never()).saveAndFlush(any());
  }

  @Test
  void aCallerWhoMayNotStartItIsRefusedBeforeTheCapsAreCounted() {
    doThrow(new AccessDeniedException("cluster", "You may not start cluster " + ID))
        .when(access)
        .require(ID, attacher, ClusterOperation.START);

    assertThatThrownBy(this::register).isInstanceOf(AccessDeniedException.class);
    verify(policy, never()).checkStart(any());
    verify(clusterService, never()).start(any(), any(), any());
    verify(jobs, never()).saveAndFlush(any());
  }
}
