package com.darwin.compute.core.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.unit.DataSize;

/** Which clusters a report's follow-up runs, when, and under which lock. */
class PodTaskFollowUpsTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private final PodTaskRunner runner = mock(PodTaskRunner.class);
  private final TaskScheduler scheduler = mock(TaskScheduler.class);
  private final LockProvider locks = mock(LockProvider.class);
  private final SimpleLock lock = mock(SimpleLock.class);
  private PodTaskFollowUps followUps;

  @BeforeEach
  void setUp() {
    followUps =
        new PodTaskFollowUps(
            runner,
            scheduler,
            locks,
            new PodTaskProperties(
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                DataSize.ofKilobytes(64),
                Duration.ofMillis(200),
                200));
    when(scheduler.getClock()).thenReturn(Clock.fixed(T0, ZoneOffset.UTC));
  }

  @Test
  void reportsCloseTogetherShareOneRunOfTheirClustersUnderTheRunnersLock() {
    when(locks.lock(any())).thenReturn(Optional.of(lock));

    followUps.reported(new PodTaskReported("a"));
    followUps.reported(new PodTaskReported("b"));
    followUps.reported(new PodTaskReported("a"));

    // One run, scheduled the follow-up delay after the first report.
    ArgumentCaptor<Runnable> run = ArgumentCaptor.forClass(Runnable.class);
    ArgumentCaptor<Instant> at = ArgumentCaptor.forClass(Instant.class);
    verify(scheduler).schedule(run.capture(), at.capture());
    assertThat(at.getValue()).isEqualTo(T0.plusMillis(200));
    verify(runner, never()).runReported(any());

    run.getValue().run();

    ArgumentCaptor<LockConfiguration> taken = ArgumentCaptor.forClass(LockConfiguration.class);
    verify(locks).lock(taken.capture());
    assertThat(taken.getValue().getName()).isEqualTo("pod-tasks");
    @SuppressWarnings("unchecked")
    ArgumentCaptor<Collection<String>> clusters = ArgumentCaptor.forClass(Collection.class);
    verify(runner).runReported(clusters.capture());
    assertThat(clusters.getValue()).containsExactlyInAnyOrder("a", "b");
    verify(lock).unlock();

    // A report after the run schedules the next one.
    followUps.reported(new PodTaskReported("c"));
    verify(scheduler, times(2)).schedule(any(Runnable.class), any(Instant.class));
  }

  @Test
  void aRunDoesTheWholePassWhenThisReplicasPassesFellBehind() {
    when(locks.lock(any())).thenReturn(Optional.of(lock));
    when(runner.passOverdue()).thenReturn(true);
    followUps.reported(new PodTaskReported("a"));
    ArgumentCaptor<Runnable> run = ArgumentCaptor.forClass(Runnable.class);
    verify(scheduler).schedule(run.capture(), any(Instant.class));

    run.getValue().run();

    verify(runner).pass();
    verify(runner, never()).runReported(any());
    verify(lock).unlock();
  }

  @Test
  void whileAPassHoldsTheLockTheClustersWaitForTheNextRun() {
    when(locks.lock(any())).thenReturn(Optional.empty(), Optional.of(lock));
    followUps.reported(new PodTaskReported("a"));
    ArgumentCaptor<Runnable> run = ArgumentCaptor.forClass(Runnable.class);
    verify(scheduler).schedule(run.capture(), any(Instant.class));

    run.getValue().run();

    // Not run under someone else's lock: kept, and tried again after the delay.
    verify(runner, never()).runReported(any());
    verify(scheduler, times(2)).schedule(run.capture(), any(Instant.class));
    run.getValue().run();
    verify(runner).runReported(List.of("a"));
  }

  @Test
  void reportsDuringARunGetARunOfTheirOwnAfterIt() {
    when(locks.lock(any())).thenReturn(Optional.of(lock));
    followUps.reported(new PodTaskReported("a"));
    ArgumentCaptor<Runnable> run = ArgumentCaptor.forClass(Runnable.class);
    verify(scheduler).schedule(run.capture(), any(Instant.class));
    // "b" reports while the run of "a" is under way: no second run beside it.
    doAnswer(
            invocation -> {
              followUps.reported(new PodTaskReported("b"));
              verify(scheduler, times(1)).schedule(any(Runnable.class), any(Instant.class));
              return null;
            })
        .when(runner)
        .runReported(List.of("a"));

    run.getValue().run();

    verify(scheduler, times(2)).schedule(run.capture(), any(Instant.class));
    run.getValue().run();
    verify(runner).runReported(List.of("b"));
  }
}
