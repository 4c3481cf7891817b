package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.model.job.Admission;
import com.darwin.compute.model.job.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A job's two exits before Ray answers: the forward recording that Ray has it, and a stop ending it
 * here. Whichever comes second sees the first.
 */
class RayJobEntityTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static RayJobEntity pending() {
    return new RayJobEntity(
        "id-1",
        "raysubmit_1",
        "serve",
        "{}",
        "user@example.com",
        "run-1",
        Admission.FITS_NOW,
        null,
        T0);
  }

  @Test
  void aRunningJobDoesNotGoBackToPendingOnAnOlderAnswer() {
    RayJobEntity job = pending();
    job.observe(JobStatus.RUNNING, "running", T0.plusSeconds(5), null, null);
    // A request's read of Ray, answered before the follower's, written after it.
    assertThat(job.observe(JobStatus.PENDING, "pending", null, null, null)).isFalse();
    assertThat(job.getStatus()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.getStartTime()).isEqualTo(T0.plusSeconds(5));
    assertThat(job.observe(JobStatus.SUCCEEDED, "done", T0.plusSeconds(5), T0.plusSeconds(9), 0))
        .isTrue();
  }

  @Test
  void aForwardOfAnOpenJobSaysItIsStillOpen() {
    RayJobEntity job = pending();
    assertThat(job.markForwarded(T0.plusSeconds(1), 0)).isTrue();
    assertThat(job.getForwardedAt()).isEqualTo(T0.plusSeconds(1));
    // Recorded again (request thread and follower both): the first mark stays.
    assertThat(job.markForwarded(T0.plusSeconds(2), 0)).isTrue();
    assertThat(job.getForwardedAt()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void aJobIsTakenBeforeARestartOnlyWhenRayTookItInAnEarlierGeneration() {
    RayJobEntity job = pending();
    assertThat(job.takenBeforeRestart(3)).as("not taken yet").isFalse();
    job.markForwarded(T0, 2);
    assertThat(job.takenBeforeRestart(2)).isFalse();
    assertThat(job.takenBeforeRestart(3)).isTrue();
    // Recorded again after the restart (the request thread and the follower both record it).
    job.markForwarded(T0.plusSeconds(1), 3);
    assertThat(job.takenBeforeRestart(3)).isTrue();
  }

  @Test
  void aForwardAfterTheJobWasStoppedHereSaysSoAndStillRecordsThatRayHasIt() {
    RayJobEntity job = pending();
    assertThat(job.endBeforeForwarding(JobStatus.STOPPED, "Stopped by a user", T0)).isTrue();
    assertThat(job.markForwarded(T0.plusSeconds(1), 0)).isFalse();
    assertThat(job.isForwarded()).isTrue();
    assertThat(job.getStatus()).isEqualTo(JobStatus.STOPPED);
  }

  @Test
  void aStopAfterTheForwardLeavesTheJobToRay() {
    RayJobEntity job = pending();
    job.markForwarded(T0, 0);
    assertThat(job.endBeforeForwarding(JobStatus.STOPPED, "Stopped by a user", T0)).isFalse();
    assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
    assertThat(job.getEndTime()).isNull();
  }

  @Test
  void anEndedJobIsNotEndedAgain() {
    RayJobEntity job = pending();
    job.end(JobStatus.FAILED, "The cluster stopped", T0);
    assertThat(job.endBeforeForwarding(JobStatus.STOPPED, "Stopped by a user", T0)).isFalse();
    assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
  }
}
