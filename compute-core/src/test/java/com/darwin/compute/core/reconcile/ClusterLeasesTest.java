package com.darwin.compute.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.store.ClusterRepository;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** When a pass renews its cluster's lease with a statement and when it holds it without one. */
class ClusterLeasesTest {

  private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final AtomicLong nanos = new AtomicLong(5_000);
  private final ClusterLeases leases =
      new ClusterLeases(clusters, TestingReconcilerProperties.of("replica-a"), jdbc, nanos::get);

  private void databaseAnswers(String clusterId, int rows) {
    when(jdbc.update(anyString(), any(), any(), eq(clusterId), any())).thenReturn(rows);
  }

  /** Lease statements sent for this cluster (the varargs are expanded: the id is the fourth). */
  private long statementsFor(String clusterId) {
    return mockingDetails(jdbc).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("update"))
        .filter(i -> i.getArguments().length > 3 && clusterId.equals(i.getArguments()[3]))
        .count();
  }

  @Test
  void aLeaseRenewedLessThanHalfItsDurationAgoIsHeldWithoutAStatement() {
    databaseAnswers("c1", 1);
    assertThat(leases.acquire("c1")).isTrue();
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(leases.acquire("c1")).isTrue();
    assertThat(statementsFor("c1")).isEqualTo(1L);

    // Half of the 60 s gone: renewed by the database again (and counted from then).
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(leases.acquire("c1")).isTrue();
    assertThat(statementsFor("c1")).isEqualTo(2L);
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(leases.acquire("c1")).isTrue();
    assertThat(statementsFor("c1")).isEqualTo(2L);
  }

  @Test
  void aLeaseHeldByAnotherReplicaIsAskedForOnEveryPass() {
    databaseAnswers("c2", 0);
    assertThat(leases.acquire("c2")).isFalse();
    assertThat(leases.acquire("c2")).isFalse();
    assertThat(statementsFor("c2")).isEqualTo(2L);

    // Once it expires there, this replica takes it.
    databaseAnswers("c2", 1);
    assertThat(leases.acquire("c2")).isTrue();
    assertThat(leases.acquire("c2")).isTrue();
    assertThat(statementsFor("c2")).isEqualTo(3L);
  }

  @Test
  void aLostLeaseIsAskedForAgain() {
    databaseAnswers("c3", 1);
    assertThat(leases.acquire("c3")).isTrue();
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    databaseAnswers("c3", 0);
    assertThat(leases.acquire("c3")).isFalse();
    assertThat(leases.acquire("c3")).isFalse();
    assertThat(statementsFor("c3")).isEqualTo(3L);
  }

  @Test
  void releasedOrForgottenLeasesAreTakenWithAStatementAgain() {
    databaseAnswers("c4", 1);
    databaseAnswers("c5", 1);
    databaseAnswers("c6", 1);
    leases.acquire("c4");
    leases.acquire("c5");
    leases.acquire("c6");

    leases.releaseAll();
    verify(clusters).releaseLeases("replica-a");
    leases.acquire("c4");
    assertThat(statementsFor("c4")).isEqualTo(2L);

    leases.forget("c4");
    leases.acquire("c4");
    assertThat(statementsFor("c4")).isEqualTo(3L);

    leases.acquire("c5"); // after releaseAll: asked again, then held
    leases.retainOnly(Set.of("c4"));
    leases.acquire("c4");
    leases.acquire("c5");
    assertThat(statementsFor("c4")).isEqualTo(3L);
    assertThat(statementsFor("c5")).isEqualTo(3L);
    verify(jdbc, times(3)).update(anyString(), any(), any(), eq("c5"), any());
  }
}
