package com.darwin.compute.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.darwin.compute.model.history.HistoryServerStatus;
import org.junit.jupiter.api.Test;

class HistoryServerLeftoverTest {

  private static final String API = "https://kubernetes.default.svc/";
  private static final String OTHER_API = "https://gpu.example.com/";

  private static HistoryServerEntity row(HistoryServerStatus status, String namespace) {
    HistoryServerEntity row = mock(HistoryServerEntity.class);
    when(row.getStatus()).thenReturn(status);
    when(row.getNamespace()).thenReturn(namespace);
    return row;
  }

  @Test
  void aRunningServersObjectsSeenThroughAnotherTargetOfTheSamePlaceAreItsOwn() {
    // Two targets naming one API server and namespace: each watch sees the running server's
    // objects.
    var seenThroughGpu = new HistoryServerLeftover("gpu", API, "ray", "shs-1");
    assertThat(seenThroughGpu.ownedBy(row(HistoryServerStatus.ACTIVE, "ray"), API)).isTrue();
    assertThat(seenThroughGpu.ownedBy(row(HistoryServerStatus.CREATED, "ray"), API)).isTrue();
  }

  @Test
  void objectsElsewhereOrOfAStoppedServerAreLeftovers() {
    var onOtherApi = new HistoryServerLeftover("gpu", OTHER_API, "ray", "shs-1");
    assertThat(onOtherApi.ownedBy(row(HistoryServerStatus.ACTIVE, "ray"), API)).isFalse();
    var inOtherNamespace = new HistoryServerLeftover("east", API, "ray-east", "shs-1");
    assertThat(inOtherNamespace.ownedBy(row(HistoryServerStatus.ACTIVE, "ray"), API)).isFalse();
    var here = new HistoryServerLeftover("sandbox", API, "ray", "shs-1");
    assertThat(here.ownedBy(row(HistoryServerStatus.INACTIVE, "ray"), API)).isFalse();
    assertThat(here.ownedBy(row(HistoryServerStatus.FAILED, "ray"), API)).isFalse();
    // The row's target is no longer configured: nothing reachable here is its current start's.
    assertThat(here.ownedBy(row(HistoryServerStatus.ACTIVE, "ray"), null)).isFalse();
  }
}
