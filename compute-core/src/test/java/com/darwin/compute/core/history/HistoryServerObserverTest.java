package com.darwin.compute.core.history;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.darwin.compute.model.history.HistoryServerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.junit.jupiter.api.Test;

/** What the watch of the history servers' Deployments writes, and what it leaves alone. */
class HistoryServerObserverTest {

  private final HistoryServerStore store = mock(HistoryServerStore.class);
  private final ResourceEventHandler<Deployment> writer =
      new HistoryServerObserver(null, null, store).statusWriter();

  private static Deployment version(String resourceVersion, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("shs-observed")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .withStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(ready).build())
        .build();
  }

  @Test
  void aNewVersionIsWritten() {
    writer.onUpdate(version("7", 0), version("8", 1));

    verify(store).observe(eq("shs-observed"), any(), eq(HistoryServerStatus.ACTIVE), any());
  }

  @Test
  void anAddedDeploymentIsWritten() {
    writer.onAdd(version("7", 0));

    verify(store).observe(eq("shs-observed"), any(), eq(HistoryServerStatus.CREATED), any());
  }

  @Test
  void aResyncsRedeliveryOfTheSameVersionWritesNothing() {
    // Every server, every resync interval, on every replica: the repair pass catches up a write
    // that failed, from the same cache.
    writer.onUpdate(version("8", 1), version("8", 1));

    verify(store, never()).observe(any(), any(), any(), any());
  }
}
