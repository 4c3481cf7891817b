package com.darwin.compute.core.jupyter;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.config.ReconcilerProperties;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the keeper does on an installation without a pool. */
class JupyterPoolKeeperTest {

  private final JupyterPodStore store = mock(JupyterPodStore.class);
  private final JupyterPodDeployer deployer = mock(JupyterPodDeployer.class);
  private final JupyterPodObserver observer = mock(JupyterPodObserver.class);
  private final KubernetesTargets targets = mock(KubernetesTargets.class);

  private static JupyterPodProperties withoutPool() {
    return JupyterPodPropertiesTest.properties(
        false, Duration.ofSeconds(10), Duration.ofMinutes(10));
  }

  @Test
  void withoutAPoolTheClustersHeadJupyterPolicyIsStillApplied() {
    KubernetesTarget target = new KubernetesTarget("sandbox", null, "ray");
    when(targets.all()).thenReturn(List.of(target));
    when(observer.headAccessPolicySeen("sandbox", "ray")).thenReturn(false);
    ReconcilerProperties reconciler = mock(ReconcilerProperties.class);
    when(reconciler.instanceId()).thenReturn("replica-a");
    JupyterPoolKeeper keeper =
        new JupyterPoolKeeper(
            store,
            mock(JupyterPodService.class),
            deployer,
            observer,
            mock(JupyterPodStatusRecorder.class),
            mock(PoolFailures.class),
            targets,
            withoutPool(),
            reconciler,
            Clock.systemUTC());

    keeper.keep();

    // Read back and written when the watch does not see it: the head pods' Jupyter has no token.
    verify(deployer).applyHeadAccessPolicy("sandbox", true);
    // No pool: nothing of one is made, read or kept.
    verifyNoInteractions(store);
    verify(deployer, never()).podSettings(anyString());
  }
}
