package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.kube.KubernetesTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A target's failure streak, as the pool keeper and the reaper both count it: whether the target
 * waits (for pods of the settings this replica makes), and one more step of its wait for a run that
 * replaced pods of it.
 */
@Component
class PoolFailures {

  private static final Logger log = LoggerFactory.getLogger(PoolFailures.class);

  private final JupyterPodStore store;
  private final JupyterPodDeployer deployer;
  private final KubernetesTargets targets;

  PoolFailures(JupyterPodStore store, JupyterPodDeployer deployer, KubernetesTargets targets) {
    this.store = store;
    this.deployer = deployer;
    this.targets = targets;
  }

  /** The pods one run replaced on a target: how many, and the last one's name and reason. */
  record Failures(int pods, String lastPod, String lastReason) {

    static Failures of(String pod, String reason) {
      return new Failures(1, pod, reason);
    }

    Failures and(Failures later) {
      return new Failures(pods + later.pods, later.lastPod, later.lastReason);
    }
  }

  /** What pods made on the target now run; null for a target not configured here. */
  String podSettings(String target) {
    return targets.find(target).isPresent() ? deployer.podSettings(target) : null;
  }

  /** Whether the target waits out a streak of failures of the pods this replica makes there. */
  boolean waiting(String target) {
    String settings = podSettings(target);
    return settings != null && store.poolWaiting(target, settings);
  }

  /**
   * One step of the target's wait per run, however many of its pods the run replaced: the free pods
   * a lost node took down together, or a broken image's whole pool, count as one failure.
   */
  void record(String target, Failures failures) {
    String settings = podSettings(target);
    if (settings == null) {
      return; // a target not configured here: nothing of it is made here either
    }
    try {
      JupyterPodStore.PoolWait wait = store.poolPodFailed(target, settings);
      if (wait.failedInARow() > 1) {
        log.warn(
            "Jupyter pods on {} failed {} runs in a row (this one {}, the last {}: {}): no pod is"
                + " made or restarted there before {}",
            target,
            wait.failedInARow(),
            failures.pods(),
            failures.lastPod(),
            failures.lastReason(),
            wait.until());
      }
    } catch (RuntimeException e) {
      log.warn("Recording the failed Jupyter pods of {} failed: {}", target, e.toString());
    }
  }
}
