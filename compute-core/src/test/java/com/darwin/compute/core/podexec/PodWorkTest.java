package com.darwin.compute.core.podexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pods a piece of work is for, judged on what the API server says of them. */
class PodWorkTest {

  private static final Instant REGISTERED = Instant.parse("2026-12-01T10:00:00.700Z");

  private static PodWork registeredAt(Instant notBefore) {
    return new PodWork(
        PodTaskKind.COMMAND,
        "e1",
        pod -> pod.nodeType().equals("worker"),
        List.of("/bin/sh", "-c", "true"),
        Duration.ofSeconds(30),
        notBefore);
  }

  private static LivePod worker(Instant createdAt) {
    return new LivePod("ns", "c", "pod", "uid", "worker", "ray-worker", createdAt);
  }

  @Test
  void aPodMadeInTheSecondOfTheRegistrationIsForItThoughItsTimestampHasNoFraction() {
    // The API server wrote 10:00:00 for a pod made at 10:00:00.900, after the registration.
    assertThat(registeredAt(REGISTERED).isFor(worker(Instant.parse("2026-12-01T10:00:00Z"))))
        .isTrue();
  }

  @Test
  void aPodMadeInAnEarlierSecondIsLeftAlone() {
    assertThat(registeredAt(REGISTERED).isFor(worker(Instant.parse("2026-12-01T09:59:59Z"))))
        .isFalse();
  }

  @Test
  void withoutARegistrationTimeEveryMatchingPodIsFor() {
    assertThat(registeredAt(null).isFor(worker(Instant.parse("2020-01-01T00:00:00Z")))).isTrue();
    assertThat(
            registeredAt(null)
                .isFor(new LivePod("ns", "c", "pod", "uid", "head", "ray-head", REGISTERED)))
        .isFalse();
  }
}
