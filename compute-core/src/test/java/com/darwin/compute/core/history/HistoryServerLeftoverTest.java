package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.darwin.compute.model.history.HistoryServerStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryServerLeftoverTest {

  private static final String API = "https://kubernetes.default.svc/";
  private static final String OTHER_API = "https://10.96.0.1:443/";
  private static final Instant STARTED = Instant.parse("2026-12-05T10:00:00Z");
  private static final Instant EARLIER = STARTED.minusSeconds(3600);

  /** The repair grace has passed since the row's start. */
  private static final Instant SETTLED = STARTED.plusSeconds(300);

  private static HistoryServerEntity row(HistoryServerStatus status, String namespace) {
    HistoryServerEntity row = mock(HistoryServerEntity.class);
    when(row.getStatus()).thenReturn(status);
    when(row.getNamespace()).thenReturn(namespace);
    when(row.getStartedAt()).thenReturn(STARTED);
    return row;
  }

  private static HistoryServerLeftover seen(String apiServer, String namespace, Instant startedAt) {
    return new HistoryServerLeftover("gpu", apiServer, namespace, "shs-1", startedAt);
  }

  @Test
  void aRunningServersObjectsWhereItRunsAreItsOwnWhateverTheySay() {
    var active = row(HistoryServerStatus.ACTIVE, "ray");
    assertThat(seen(API, "ray", STARTED).ownedBy(active, API, SETTLED)).isTrue();
    assertThat(seen(API, "ray", EARLIER).ownedBy(active, API, SETTLED)).isTrue();
    assertThat(
            seen(API, "ray", null).ownedBy(row(HistoryServerStatus.CREATED, "ray"), API, SETTLED))
        .isTrue();
  }

  @Test
  void elsewhereByAddressOnlyAnEarlierStartsSettledLeftoverIsNotItsOwn() {
    var active = row(HistoryServerStatus.ACTIVE, "ray");
    // Its own start's objects through a second address of the same API server: kept.
    assertThat(seen(OTHER_API, "ray", STARTED).ownedBy(active, API, SETTLED)).isTrue();
    // Not saying which start they are (applied before Deployments said): kept.
    assertThat(seen(OTHER_API, "ray", null).ownedBy(active, API, SETTLED)).isTrue();
    // An earlier start's, while the current start may still be applying: kept for now.
    assertThat(seen(OTHER_API, "ray", EARLIER).ownedBy(active, API, STARTED)).isTrue();
    // An earlier start's, once the current one settled: left behind.
    assertThat(seen(OTHER_API, "ray", EARLIER).ownedBy(active, API, SETTLED)).isFalse();
    assertThat(seen(API, "ray-east", EARLIER).ownedBy(active, API, SETTLED)).isFalse();
    // The row's target is no longer configured.
    assertThat(seen(API, "ray", EARLIER).ownedBy(active, null, SETTLED)).isFalse();
  }

  @Test
  void aStoppedServersObjectsAreLeftoversAnywhere() {
    for (HistoryServerStatus stopped :
        new HistoryServerStatus[] {HistoryServerStatus.INACTIVE, HistoryServerStatus.FAILED}) {
      assertThat(seen(API, "ray", STARTED).ownedBy(row(stopped, "ray"), API, SETTLED)).isFalse();
      assertThat(seen(OTHER_API, "ray", null).ownedBy(row(stopped, "ray"), API, SETTLED)).isFalse();
    }
  }
}
