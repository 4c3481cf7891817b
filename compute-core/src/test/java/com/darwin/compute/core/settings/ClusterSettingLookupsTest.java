package com.darwin.compute.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.store.ClusterConfigEntity;
import com.darwin.compute.core.store.ClusterConfigRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cached /cluster-config reads of the create path. */
class ClusterSettingLookupsTest {

  private final ClusterConfigRepository repository = mock(ClusterConfigRepository.class);
  private final AtomicLong nanos = new AtomicLong(1_000);

  private ClusterSettingLookups lookups(Duration ttl) {
    return new ClusterSettingLookups(repository, ttl, nanos::get);
  }

  private void stored(String key, String value) {
    when(repository.findById(key))
        .thenReturn(Optional.of(new ClusterConfigEntity(key, value, Instant.EPOCH)));
  }

  @Test
  void aValueIsReadOnceWithinItsTtlAndStripped() {
    stored("cloud_env", " kind-0 ");
    ClusterSettingLookups lookups = lookups(Duration.ofSeconds(30));
    assertThat(lookups.value("cloud_env")).contains("kind-0");
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(lookups.value("cloud_env")).contains("kind-0");
    verify(repository, times(1)).findById("cloud_env");
  }

  @Test
  void aMissingKeyIsCachedTooUntilItsTtlEnds() {
    when(repository.findById("cloud_env_job")).thenReturn(Optional.empty());
    ClusterSettingLookups lookups = lookups(Duration.ofSeconds(30));
    assertThat(lookups.value("cloud_env_job")).isEmpty();
    assertThat(lookups.value("cloud_env_job")).isEmpty();
    verify(repository, times(1)).findById("cloud_env_job");

    // Another replica set it: seen once the entry is older than the TTL.
    stored("cloud_env_job", "eks-1");
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(lookups.value("cloud_env_job")).contains("eks-1");
    verify(repository, times(2)).findById("cloud_env_job");
  }

  @Test
  void aWriteOnThisReplicaIsSeenAtOnce() {
    stored("cloud_env", "kind-0");
    ClusterSettingLookups lookups = lookups(Duration.ofSeconds(30));
    assertThat(lookups.value("cloud_env")).contains("kind-0");
    stored("cloud_env", "eks-1");
    lookups.changed();
    assertThat(lookups.value("cloud_env")).contains("eks-1");
  }

  @Test
  void aZeroTtlAsksEveryTime() {
    stored("cloud_env", "kind-0");
    ClusterSettingLookups lookups = lookups(Duration.ZERO);
    lookups.value("cloud_env");
    lookups.value("cloud_env");
    verify(repository, times(2)).findById("cloud_env");
  }

  @Test
  void aReadThatRacedAWriteIsNotKept() {
    ClusterSettingLookups lookups = lookups(Duration.ofSeconds(30));
    // The write's invalidation lands while the read is in MySQL: what it read may be the old value.
    when(repository.findById("cloud_env"))
        .thenAnswer(
            call -> {
              lookups.changed();
              return Optional.of(new ClusterConfigEntity("cloud_env", "kind-0", Instant.EPOCH));
            });
    assertThat(lookups.value("cloud_env")).contains("kind-0");
    stored("cloud_env", "eks-1");
    assertThat(lookups.value("cloud_env")).contains("eks-1");
  }
}
