package com.darwin.compute.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.podexec.LivePod;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskState;
import com.darwin.compute.core.podexec.PodTaskStatus;
import com.darwin.compute.model.command.CommandStatus;
import com.darwin.compute.model.command.CommandTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What a pass resets on stopped clusters, without the database. */
class CommandWorkTest {

  private final RemoteCommandRepository commands = mock(RemoteCommandRepository.class);
  private final CommandWork work =
      new CommandWork(
          commands,
          new CommandProperties(true, Duration.ofMinutes(5), Duration.ofHours(1), 50, 16_384, 100),
          new TestingClock(Instant.parse("2026-12-01T10:00:00Z")));

  private static List<String> ids(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private static LivePod worker(String uid) {
    return worker(uid, T0);
  }

  private static LivePod worker(String uid, Instant madeAt) {
    return new LivePod("sandbox", "ray", "pod-" + uid, uid, "worker", "ray-worker", madeAt);
  }

  private static PodTaskState ran(String ref, String uid, PodTaskStatus status) {
    return ran(ref, uid, status, T0);
  }

  private static PodTaskState ran(String ref, String uid, PodTaskStatus status, Instant startedAt) {
    return new PodTaskState(
        1,
        "c",
        PodTaskKind.COMMAND,
        ref,
        uid,
        "pod-" + uid,
        status,
        startedAt,
        startedAt.plusSeconds(60));
  }

  private RemoteCommandEntity command(String id, CommandStatus s) {
    RemoteCommandEntity command =
        new RemoteCommandEntity(
            id,
            "c",
            "[\"exit 1\"]",
            CommandTarget.WORKER,
            60,
            s,
            null,
            "u@example.com",
            T0.plusSeconds(60)); // its status as of a minute after the workers were made
    when(commands.findByClusterIdOrderByCreatedAtAscExecutionIdAsc("c"))
        .thenReturn(List.of(command));
    return command;
  }

  @Test
  void aFailureStandsOnceThePodItFailedOnIsGone() {
    // It failed on worker-b, which the autoscaler has removed since (its task with it); worker-a
    // ran it fine.
    RemoteCommandEntity failed = command("cmd-1", CommandStatus.FAILED);

    work.settle("c", List.of(worker("a")), List.of(ran("cmd-1", "a", PodTaskStatus.SUCCESS)));

    assertThat(failed.getStatus()).isEqualTo(CommandStatus.FAILED);
  }

  @Test
  void aFailureIsJudgedAfreshOnPodsAllMadeSinceItFailed() {
    // A restart recreated every pod after the failure, and they ran it fine.
    RemoteCommandEntity failed = command("cmd-3", CommandStatus.FAILED);
    LivePod recreated = worker("n", T0.plusSeconds(120));

    work.settle(
        "c",
        List.of(recreated),
        List.of(ran("cmd-3", "n", PodTaskStatus.SUCCESS, T0.plusSeconds(130))));

    assertThat(failed.getStatus()).isEqualTo(CommandStatus.SUCCESS);
  }

  @Test
  void aFailureStandsWhileAPodThatRanItBeforeIsNotReadyForAMoment() {
    // Failed on worker-b, gone since; worker-a (which ran it before the failure) is not ready just
    // now, so only worker-c, made since, is targeted.
    RemoteCommandEntity failed = command("cmd-4", CommandStatus.FAILED);
    LivePod made = worker("c", T0.plusSeconds(120));

    work.settle(
        "c",
        List.of(made),
        List.of(
            ran("cmd-4", "a", PodTaskStatus.SUCCESS),
            ran("cmd-4", "c", PodTaskStatus.SUCCESS, T0.plusSeconds(130))));

    assertThat(failed.getStatus()).isEqualTo(CommandStatus.FAILED);
  }

  @Test
  void aSuccessStandsOnceEveryPodItRanOnIsGoneUntilANewOneIsTargeted() {
    RemoteCommandEntity succeeded = command("cmd-2", CommandStatus.SUCCESS);

    work.settle("c", List.of(), List.of());
    assertThat(succeeded.getStatus()).isEqualTo(CommandStatus.SUCCESS);

    // A worker started since runs it too: running there until it has.
    work.settle("c", List.of(worker("c")), List.of());
    assertThat(succeeded.getStatus()).isEqualTo(CommandStatus.RUNNING);
  }

  @Test
  void thousandsOfCommandsOfStoppedClustersAreResetInIdBatches() {
    when(commands.ofDeletedClusters()).thenReturn(ids("gone-", 1_500));
    when(commands.unsettledOfStoppedClusters()).thenReturn(ids("stopped-", 2_001));

    work.settleStopped();

    ArgumentCaptor<Collection<String>> deleted = ArgumentCaptor.captor();
    verify(commands, times(2)).deleteByIds(deleted.capture());
    assertThat(deleted.getAllValues()).extracting(Collection::size).containsExactly(1_000, 500);
    ArgumentCaptor<Collection<String>> reset = ArgumentCaptor.captor();
    verify(commands, times(3)).resetToCreated(reset.capture(), any());
    assertThat(reset.getAllValues()).extracting(Collection::size).containsExactly(1_000, 1_000, 1);
    List<String> all = new ArrayList<>();
    reset.getAllValues().forEach(all::addAll);
    assertThat(all).isEqualTo(ids("stopped-", 2_001));
  }
}
