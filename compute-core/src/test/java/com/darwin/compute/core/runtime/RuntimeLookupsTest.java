package com.darwin.compute.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Runtimes read once per cache lifetime, forgotten on an edit. */
class RuntimeLookupsTest {

  private final RuntimeRepository repository = mock(RuntimeRepository.class);
  private final AtomicLong clock = new AtomicLong();
  private final RuntimeLookups lookups =
      new RuntimeLookups(repository, Duration.ofSeconds(30), clock::get);

  private RuntimeEntity runtime(String name, boolean deleted) {
    RuntimeEntity r = mock(RuntimeEntity.class);
    when(r.getRuntime()).thenReturn(name);
    when(r.isDeleted()).thenReturn(deleted);
    when(repository.findByRuntime(name)).thenReturn(Optional.of(r));
    return r;
  }

  @Test
  void aRuntimeIsReadOnceWhileItsEntryIsFresh() {
    RuntimeEntity r = runtime("0.0", false);

    assertThat(lookups.find("0.0")).containsSame(r);
    assertThat(lookups.findOffered("0.0")).containsSame(r);
    verify(repository, times(1)).findByRuntime("0.0");

    clock.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(lookups.find("0.0")).containsSame(r);
    verify(repository, times(2)).findByRuntime("0.0");
  }

  @Test
  void anEditForgetsWhatWasCached() {
    runtime("0.0", false);
    lookups.find("0.0");

    RuntimeEntity deleted = runtime("0.0", true);
    lookups.changed();

    assertThat(lookups.find("0.0")).containsSame(deleted);
    assertThat(lookups.findOffered("0.0")).as("deleted: not offered").isEmpty();
  }

  @Test
  void anUnknownNameIsNotRememberedAsMissing() {
    when(repository.findByRuntime("new")).thenReturn(Optional.empty());
    assertThat(lookups.find("new")).isEmpty();

    RuntimeEntity created = runtime("new", false);
    assertThat(lookups.find("new")).containsSame(created);
    assertThat(lookups.find(null)).isEmpty();
  }

  @Test
  void aZeroLifetimeCachesNothing() {
    RuntimeLookups uncached = new RuntimeLookups(repository, Duration.ZERO, clock::get);
    runtime("0.0", false);
    uncached.find("0.0");
    uncached.find("0.0");
    verify(repository, times(2)).findByRuntime("0.0");
  }
}
