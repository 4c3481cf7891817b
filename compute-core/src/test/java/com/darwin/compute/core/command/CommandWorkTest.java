package com.darwin.compute.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
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
