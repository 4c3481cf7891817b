package com.darwin.compute.api.termination;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.core.termination.AutoTerminationSweep;
import com.darwin.compute.core.watch.RunningClusterAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The idle sweep and the running-cluster alerts run once per interval between all replicas, not
 * once per replica: each replica has its own timer, so a pass keeps the job's lock for the whole
 * interval (60 s here), and another replica's timer firing meanwhile finds it taken. Each job is
 * called as the scheduler calls it, through ShedLock's proxy.
 */
class OncePerIntervalJobsIT extends ApiIntegrationTest {

  @Autowired AutoTerminationSweep sweep;
  @Autowired RunningClusterAlerts runningAlerts;
  @Autowired LockProvider locks;
  @Autowired JdbcTemplate jdbc;

  @ParameterizedTest
  @ValueSource(strings = {"auto-termination", "running-alerts"})
  void aPassKeepsItsJobFromOtherReplicasForTheInterval(String job) {
    // As if no replica had run the job within the interval: the shared context's own timer may
    // have. Released, not deleted: the lock provider inserts a job's row once, then only updates
    // it.
    jdbc.update("UPDATE shedlock SET lock_until = UTC_TIMESTAMP(3) WHERE name = ?", job);
    if (job.equals("auto-termination")) {
      sweep.scheduledSweep();
    } else {
      runningAlerts.scheduledCheck();
    }

    // The pass has ended; another replica's timer fires.
    Optional<SimpleLock> other =
        locks.lock(new LockConfiguration(Instant.now(), job, Duration.ofMinutes(1), Duration.ZERO));
    other.ifPresent(SimpleLock::unlock);
    assertThat(other).as("another replica's pass of %s within the interval", job).isEmpty();
    Long heldFor =
        jdbc.queryForObject(
            "SELECT TIMESTAMPDIFF(SECOND, locked_at, lock_until) FROM shedlock WHERE name = ?",
            Long.class,
            job);
    assertThat(heldFor).as("seconds %s is held from its pass's start", job).isEqualTo(60L);
  }
}
