package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.domain.Actor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A command that loses an optimistic-lock race runs again on a fresh read. The race is made
 * deterministic: while armed, the service's clock (read by a command between loading the cluster
 * and writing it) commits a concurrent change to the same row from another connection, as the
 * reconciler writing an observed status would.
 */
@Import(ConcurrentChangeIT.RacingClockConfiguration.class)
@OwnContext
class ConcurrentChangeIT extends ApiIntegrationTest {

  @Autowired ClusterService service;
  @Autowired RacingClock clock;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void disarm() {
    clock.disarm();
  }

  @Test
  void aStopThatLosesTheRaceIsRetriedOnAFreshReadAndRecordedOnce() {
    String id = create(ClusterRequests.quickStart(unique("race")));
    clock.armFor(id, 1);

    service.stop(id, new Actor("racer@example.com"));

    assertThat(clock.concurrentChanges()).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT desired_state FROM clusters WHERE cluster_id = ?", String.class, id))
        .isEqualTo("STOPPED");
    // The first attempt rolled back with its timeline entry: one stop, recorded once.
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ? AND action = 'Stopped'",
                Integer.class,
                id))
        .isEqualTo(1);
  }

  @Test
  void aCommandThatKeepsLosingGivesUpAfterItsRetries() {
    Actor racer = new Actor("racer@example.com");
    // How often one attempt reads the clock: a restart that loses once, then succeeds.
    String once = create(ClusterRequests.quickStart(unique("race-once")));
    String id = create(ClusterRequests.quickStart(unique("race-forever")));
    // Both settled first: an attempt reads the clock a number of times that depends on the
    // cluster's status, and a status the reconciler writes meanwhile would beat an attempt too.
    awaitStatus(once, "active");
    awaitStatus(id, "active");
    clock.armFor(once, 1);
    service.restart(once, racer);
    int readsPerAttempt = clock.reads() / 2;
    assertThat(readsPerAttempt).isPositive();

    clock.armFor(id, Integer.MAX_VALUE);

    assertThatThrownBy(() -> service.restart(id, racer))
        .isInstanceOf(OptimisticLockingFailureException.class);
    // The first attempt and three retries, each beaten by a concurrent change.
    assertThat(clock.reads()).isEqualTo(4 * readsPerAttempt);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ? AND action = ?",
                Integer.class,
                id,
                "Restarting"))
        .isZero();
  }

  @Test
  void aKeepAliveNeverLosesARace() {
    // Job workers send keep-alives often: they must neither fail on, nor make fail, a concurrent
    // change of the cluster (one versioned keep-alive per change made users' edits 409s).
    String id = create(ClusterRequests.quickStart(unique("race-keep-alive")));
    // Settled first: the reconciler's status and pod-count writes of a starting cluster move the
    // version too, and one between the read below and the keep-alive would count as the
    // keep-alive's.
    awaitStatus(id, "active");
    long version = settledVersion(id);
    clock.armFor(id, Integer.MAX_VALUE);

    Instant kept = service.keepAlive(id);

    assertThat(clock.concurrentChanges()).isEqualTo(1);
    // Only the concurrent change moved the version; the keep-alive is stored.
    assertThat(version(id)).isEqualTo(version + 1);
    assertThat(
            jdbc.queryForObject(
                "SELECT last_used_at FROM clusters WHERE cluster_id = ?", Instant.class, id))
        .isEqualTo(kept);
  }

  /** The version once it has stayed the same for a second. */
  private long settledVersion(String id) {
    long[] seen = {version(id)};
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofSeconds(1))
        .until(
            () -> {
              long now = version(id);
              boolean same = now == seen[0];
              seen[0] = now;
              return same;
            });
    return seen[0];
  }

  private long version(String id) {
    return jdbc.queryForObject("SELECT version FROM clusters WHERE cluster_id = ?", Long.class, id);
  }

  /** The system clock, which can be told to race a command on the test's thread. */
  static final class RacingClock extends Clock {

    private final DataSource dataSource;
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile Thread armedThread;
    private volatile String clusterId;
    private volatile int remaining;

    RacingClock(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    void armFor(String clusterId, int times) {
      this.clusterId = clusterId;
      this.remaining = times;
      this.changes.set(0);
      this.reads.set(0);
      this.armedThread = Thread.currentThread();
    }

    void disarm() {
      armedThread = null;
    }

    int concurrentChanges() {
      return changes.get();
    }

    /** The clock's reads by the armed thread since it was armed. */
    int reads() {
      return reads.get();
    }

    @Override
    public Instant instant() {
      if (Thread.currentThread() == armedThread) {
        reads.incrementAndGet();
      }
      if (Thread.currentThread() == armedThread && remaining > 0) {
        remaining--;
        changeConcurrently();
      }
      return Instant.now();
    }

    /** Another connection, committed at once: not the command's transaction. */
    private void changeConcurrently() {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE clusters SET version = version + 1 WHERE cluster_id = ?")) {
        connection.setAutoCommit(true);
        update.setString(1, clusterId);
        if (update.executeUpdate() == 1) {
          changes.incrementAndGet();
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class RacingClockConfiguration {

    @Bean
    @Primary
    RacingClock racingClock(DataSource dataSource) {
      return new RacingClock(dataSource);
    }
  }
}
