package com.darwin.compute.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.podexec.PodTaskStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What a pass resets on stopped clusters, without the database. */
class LibraryWorkTest {

  private final LibraryRepository libraries = mock(LibraryRepository.class);
  private final LibraryWork work =
      new LibraryWork(
          libraries,
          mock(PodTaskStore.class),
          mock(LibraryProperties.class),
          mock(WorkspaceProperties.class),
          new TestingClock(Instant.parse("2026-12-01T10:00:00Z")));

  private static List<Long> ids(long from, int count) {
    return LongStream.range(from, from + count).boxed().toList();
  }

  @Test
  void thousandsOfLibrariesOfStoppedClustersAreResetInIdBatches() {
    when(libraries.ofDeletedClusters()).thenReturn(ids(0, 1_001));
    when(libraries.unsettledOfStoppedClusters()).thenReturn(ids(5_000, 1_500));

    work.settleStopped();

    ArgumentCaptor<Collection<Long>> deleted = ArgumentCaptor.captor();
    verify(libraries, times(2)).deleteByIds(deleted.capture());
    assertThat(deleted.getAllValues()).extracting(Collection::size).containsExactly(1_000, 1);
    ArgumentCaptor<Collection<Long>> purged = ArgumentCaptor.captor();
    verify(libraries, times(2)).purgeUninstalled(purged.capture());
    ArgumentCaptor<Collection<Long>> reset = ArgumentCaptor.captor();
    verify(libraries, times(2)).resetToCreated(reset.capture(), any());
    // Each batch purged of its uninstalls, then reset: the same ids, 1,000 and then 500.
    assertThat(purged.getAllValues()).isEqualTo(reset.getAllValues());
    assertThat(reset.getAllValues()).extracting(Collection::size).containsExactly(1_000, 500);
  }
}
